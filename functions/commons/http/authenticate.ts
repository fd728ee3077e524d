import { Refusal } from '../../../domain/errors';
import type { Auth } from '../../api/routes';
import { getContainer } from '../container';
import { staffFromClaims } from './claims';
import type { RouteMiddleware } from './route-context';

/**
 * Staff routes: the HTTP API's JWT authorizer has verified the token and passes its claims.
 * Optional routes have no authorizer (citizens call them), so a staff token there is verified
 * here. Either way the claims are read by `staffFromClaims` alone.
 */
export function authenticate(auth: Auth): RouteMiddleware {
  return {
    before: async function authenticateCaller(request) {
      request.context.route ??= {};
      if (auth === 'none') {
        request.context.route.staff = null;
        return;
      }
      const services = getContainer();
      let claims = request.event.requestContext.authorizer?.jwt?.claims;
      if (!claims) {
        const header = headerOf(request.event.headers, 'authorization');
        if (!header) {
          if (auth === 'staff')
            throw new Refusal('unauthorized', 'unauthorized', 'a staff token is required');
          request.context.route.staff = null;
          return;
        }
        const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
        if (!token || !services.tokens) throw new Refusal('unauthorized', 'unauthorized', 'invalid token');
        try {
          claims = await services.tokens.verify(token);
        } catch {
          throw new Refusal('unauthorized', 'unauthorized', 'invalid token');
        }
      }
      request.context.route.staff = staffFromClaims(claims, services.courts);
    },
  };
}

function headerOf(headers: Record<string, string | undefined> | undefined, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() === name) return v;
  return undefined;
}
