import type { RouteDef } from '../../api/routes';
import { getContainer } from '../container';
import { fromEarlier, type RouteMiddleware } from './route-context';

/**
 * A list's cursor leaves sealed and comes back opened (adapters/list-cursors.ts): clients hold
 * only opaque, tamper-evident cursors, bound to the list that gave them, and the route's own code
 * sees its own cursor as before. One place for every list: a route's `cursor` query in, its
 * answer's `nextCursor` out.
 */
export function opaqueCursors(route: RouteDef): RouteMiddleware {
  const list = `${route.method} ${route.path}`;
  return {
    before: async function openCursor(request) {
      const query = fromEarlier(request.context.route.input, 'input').query as
        | { cursor?: unknown }
        | undefined;
      if (typeof query?.cursor !== 'string' || query.cursor === '') return;
      query.cursor = (await getContainer().listCursors()).open(query.cursor, list);
    },
    after: async function sealCursor(request) {
      const response = request.response;
      if (!response?.body?.includes('"nextCursor":"')) return;
      const body = JSON.parse(response.body) as { nextCursor?: unknown };
      if (typeof body.nextCursor !== 'string') return;
      body.nextCursor = (await getContainer().listCursors()).seal(body.nextCursor, list);
      response.body = JSON.stringify(body);
    },
  };
}
