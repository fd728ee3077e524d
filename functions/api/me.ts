import * as wechat from '../../services/wechat';
import { httpHandler } from '../commons/http';
import { byRoute } from '../commons/http/dispatch';
import { ROUTES } from './routes';
import { requestView } from './views';

/** GET /v1/me/requests: the signed-in citizen's own requests, in full (they are theirs). */
export const listMyRequests = httpHandler(ROUTES.listMyRequests, async ({ query, citizen, services }) => {
  const page = await wechat.listMyRequests(services, citizen, query.limit, query.cursor);
  return { items: page.items.map((r) => requestView(r, true)), nextCursor: page.nextCursor };
});

/** POST /v1/me/subscriptions: the templates granted in wx.requestSubscribeMessage. */
export const grantSubscriptions = httpHandler(
  ROUTES.grantSubscriptions,
  async ({ body, citizen, services }) => wechat.grantSubscriptions(services, citizen, body.templateIds),
);

/** A WeChat citizen's own requests and subscriptions: one Lambda. (SHARED_FUNCTIONS in routes.ts: the stack stays under CloudFormation's 500 resources). */
export const routes = byRoute({ listMyRequests, grantSubscriptions });
