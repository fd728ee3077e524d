import type { Staff } from '../domain/access';
import { ONLINE_CHANNELS } from '../domain/citizen-request';
import type { StoredRequest } from '../domain/personal-data';
import type { Services } from './context';

/**
 * GET /v1/inbox: the center's agents' queue of requests citizens filed online (web, WeChat) that
 * nobody has handled yet, oldest first, each with how long it has waited by the system's clock.
 * An agent opens one to settle it, make it an order or link it as a repeat; that takes it off.
 */
export async function onlineInbox(
  s: Services,
  staff: Staff,
  limit: number,
  cursor: string | undefined,
): Promise<{ items: { request: StoredRequest; waitedMinutes: number }[]; nextCursor: string | null }> {
  s.access.assertAgent(staff);
  const now = s.clock.now().getTime();
  const page = await s.requests.listReceived(ONLINE_CHANNELS, limit, cursor);
  return {
    // The list is an index, read eventually: a request handled a moment ago may still be on it.
    items: page.items
      .filter((r) => r.status === 'received')
      .map((request) => ({
        request,
        waitedMinutes: Math.max(0, Math.floor((now - Date.parse(request.createdAt)) / 60_000)),
      })),
    nextCursor: page.nextCursor,
  };
}
