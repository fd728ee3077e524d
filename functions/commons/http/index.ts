import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type * as z from 'zod';
import type { Citizen } from '../../../adapters/citizen-sessions';
import type { Staff } from '../../../domain/access';
import { runAsCall } from '../../../services/call-context';
import type { Auth, RouteDef } from '../../api/routes';
import { type Container, getContainer } from '../container';
import { injectLambdaContext, logger } from '../logger';
import { authenticate } from './authenticate';
import { callIdentity, idempotency } from './idempotency';
import { mapErrors } from './map-errors';
import { opaqueCursors } from './opaque-cursors';
import { parseInput } from './parse-input';
import { json } from './problems';
import { type ApiEvent, type ApiResult, fromEarlier, type RouteContext } from './route-context';
import { directoryInSync } from './sync-directory';

export { json } from './problems';
export type { ApiEvent, ApiResult } from './route-context';

type Parsed<R, K extends 'body' | 'query' | 'params'> = R extends {
  [P in K]: () => infer S extends z.core.$ZodType;
}
  ? z.output<S>
  : undefined;
/** Staff routes always have a member of staff; optional ones may; public ones never. */
type Caller<A extends Auth> = A extends 'staff' ? Staff : A extends 'optional' ? Staff | null : null;
/** Citizen routes always have a signed-in citizen; optional ones may; the others never. */
type CitizenCaller<A extends Auth> = A extends 'citizen'
  ? Citizen
  : A extends 'optional'
    ? Citizen | null
    : null;

/** What a route's handler receives, typed by its entry in the route table. */
export interface RouteInput<R extends RouteDef> {
  body: Parsed<R, 'body'>;
  query: Parsed<R, 'query'>;
  params: Parsed<R, 'params'>;
  staff: Caller<R['auth']>;
  citizen: CitizenCaller<R['auth']>;
  headers: Record<string, string | undefined>;
  /** The caller's address as API Gateway saw it: the per-client limits count by it. */
  sourceIp: string;
  services: Container;
}

/**
 * Every API handler is `httpHandler(ROUTES.name, fn)`: the route's entry says who may call it,
 * what it takes and what a success answers; `fn` is the route's own logic and returns the body.
 * One middy chain, one job per middleware: logging context, error mapping, the directory brought
 * up to date, authentication, input parsing, list cursors sealed, idempotency.
 */
export function httpHandler<const R extends RouteDef>(
  route: R,
  fn: (input: RouteInput<R>) => Promise<unknown>,
) {
  return (
    middy<ApiEvent, ApiResult, Error, RouteContext>()
      // Request id and cold start on every log line; never the event itself (logEvent stays off).
      .use(injectLambdaContext(logger))
      .use(mapErrors())
      .use(directoryInSync())
      .use(authenticate(route.auth))
      .use(parseInput(route))
      .use(route.method === 'GET' ? [opaqueCursors(route)] : [])
      .use(route.method === 'POST' ? [idempotency(route)] : [])
      .handler(async function handleRoute(event: ApiEvent, context: RouteContext) {
        const state = context.route;
        const input = fromEarlier(state.input, 'input');
        // The services see which idempotent call they run for (services/call-context.ts).
        const call = state.idempotency ? callIdentity(state.idempotency) : undefined;
        const body = await runAsCall(call, () =>
          fn({
            body: input.body as Parsed<R, 'body'>,
            query: input.query as Parsed<R, 'query'>,
            params: input.params as Parsed<R, 'params'>,
            staff: fromEarlier(state.staff, 'staff') as Caller<R['auth']>,
            citizen: fromEarlier(state.citizen, 'citizen') as CitizenCaller<R['auth']>,
            headers: fromEarlier(state.headers, 'headers'),
            sourceIp: event.requestContext.http.sourceIp,
            services: getContainer(),
          }),
        );
        // An answer a route's own write found kept (claimedByItsWrite) is marked as the table's replays are.
        return json(route.status, body, state.idempotency?.replayed ? { 'idempotent-replayed': 'true' } : {});
      })
  );
}

export type { Context };
