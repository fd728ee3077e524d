import { onlineInbox } from '../../services/inbox';
import { httpHandler } from '../commons/http';
import { ROUTES } from './routes';
import { requestView } from './views';

/** GET /v1/inbox: online requests not yet handled, oldest first, masked as every list is (agents). */
export const listInbox = httpHandler(ROUTES.listInbox, async ({ query, staff, services }) => {
  const page = await onlineInbox(services, staff, query.limit, query.cursor);
  return {
    items: page.items.map(({ request, waitedMinutes }) => ({
      ...requestView(request, false),
      waitedMinutes,
    })),
    nextCursor: page.nextCursor,
  };
});
