import type { RouteDef } from '../../api/routes';
import { getContainer } from '../container';
import { fromEarlier, type RouteMiddleware } from './route-context';

/**
 * A list's cursor leaves sealed and comes back opened (adapters/list-cursors.ts): clients hold
 * only opaque, tamper-evident cursors, bound to the list that gave them, and the route's own code
 * sees its own cursor as before. One place for every list: a route's `cursor` query in, its
 * answer's `nextCursor` out.
 *
 * "The list" is the route with its path parameters and its query but for the cursor and the page
 * size: a cursor is a position inside one query's range, and taken to another (`?from=2026-04-01`
 * with a cursor of `?from=2026-03-01`) it named a start key outside the new range, which DynamoDB
 * refuses with a ValidationException: a 500 for what the client sent. Now it is 400 `bad_cursor`.
 */
export function opaqueCursors(route: RouteDef): RouteMiddleware {
  const listOf = (input: ListInput) => cursorBinding(route, input);
  return {
    before: async function openCursor(request) {
      const input = fromEarlier(request.context.route.input, 'input');
      const query = input.query as { cursor?: unknown } | undefined;
      if (typeof query?.cursor !== 'string' || query.cursor === '') return;
      query.cursor = (await getContainer().listCursors()).open(query.cursor, listOf(input));
    },
    after: async function sealCursor(request) {
      const response = request.response;
      if (!response?.body?.includes('"nextCursor":"')) return;
      const body = JSON.parse(response.body) as { nextCursor?: unknown };
      if (typeof body.nextCursor !== 'string') return;
      const input = fromEarlier(request.context.route.input, 'input');
      body.nextCursor = (await getContainer().listCursors()).seal(body.nextCursor, listOf(input));
      response.body = JSON.stringify(body);
    },
  };
}

type ListInput = { query: unknown; params: unknown };

/** What a cursor is bound to: the route, its path parameters, its query but for the cursor and the page size. */
export function cursorBinding(route: Pick<RouteDef, 'method' | 'path'>, input: ListInput): string {
  const { cursor: _cursor, limit: _limit, ...query } = (input.query ?? {}) as Record<string, unknown>;
  return JSON.stringify([route.method, route.path, sorted(input.params), sorted(query)]);
}

/** An object's entries in key order, so that the same query binds the same way whatever its order. */
function sorted(value: unknown): [string, unknown][] {
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
