import type { Context } from 'aws-lambda';
import { ROUTE_LIST, type RouteName } from '../../api/routes';
import { json } from './problems';
import type { ApiEvent, ApiResult } from './route-context';

type RouteHandler = (event: ApiEvent, context: Context) => Promise<ApiResult>;

/**
 * One Lambda for several routes (`SHARED_FUNCTIONS` in functions/api/routes.ts): the HTTP API names
 * the route in `routeKey` ("GET /v1/knowledge/{knowledgeId}"), and the call goes to that route's
 * own handler, built by `httpHandler` as any other. A route key it does not serve is a wiring
 * fault: 404, as API Gateway answers an unknown route.
 */
/** `handlers`: the routes' own handlers (middy's, called as Lambda calls them: event and context). */
export function byRoute(handlers: Partial<Record<RouteName, unknown>>): RouteHandler {
  const byKey = new Map<string, RouteHandler>();
  for (const route of ROUTE_LIST) {
    const handler = handlers[route.name];
    if (handler) byKey.set(`${route.method} ${route.path}`, handler as RouteHandler);
  }
  return async function dispatchRoute(event, context) {
    const handler = byKey.get(event.routeKey ?? event.requestContext?.routeKey);
    if (!handler) return json(404, { error: { code: 'not_found', message: 'no such route', details: [] } });
    return handler(event, context);
  };
}
