import { CITIZEN_AUDIENCE } from '../../../adapters/citizen-sessions';
import { Refusal } from '../../../domain/errors';
import { recordUnmaskedViews } from '../../../services/personal-data';
import type { Auth } from '../../api/routes';
import { getContainer } from '../container';
import { staffFromClaims } from './claims';
import type { RouteMiddleware } from './route-context';

/**
 * Staff routes: the HTTP API's JWT authorizer has verified the token and passes its claims.
 * Optional routes have no authorizer (citizens call them), so a staff token there is verified
 * here. Either way the claims are read by `staffFromClaims` alone.
 *
 * Citizens (issue 12) are another principal: a session token of our own, audience `citizen`,
 * verified with the citizen session key on citizen and optional routes. It never names staff
 * (the staff verifiers and the authorizer refuse its issuer and audience), and a staff token is
 * never taken as a citizen's (the citizen key did not sign it).
 *
 * After the handler, what the call showed a member of staff unmasked is written to the access log
 * (services/personal-data.ts): the principal's own ledger, kept before the answer leaves.
 */
export function authenticate(auth: Auth): RouteMiddleware {
  return {
    before: async function authenticateCaller(request) {
      request.context.route ??= {};
      request.context.route.citizen = null;
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
          if (auth === 'citizen')
            throw new Refusal('unauthorized', 'unauthorized', 'a citizen session token is required');
          request.context.route.staff = null;
          return;
        }
        const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
        if (token && (auth === 'citizen' || (auth === 'optional' && isCitizenToken(token)))) {
          try {
            const sessions = await services.citizenSessions();
            request.context.route.citizen = await sessions.verify(token, services.clock.now());
          } catch {
            throw new Refusal('unauthorized', 'unauthorized', 'invalid citizen session token');
          }
          request.context.route.staff = null;
          return;
        }
        if (!token || !services.tokens) throw new Refusal('unauthorized', 'unauthorized', 'invalid token');
        try {
          claims = await services.tokens.verify(token);
        } catch {
          throw new Refusal('unauthorized', 'unauthorized', 'invalid token');
        }
      }
      request.context.route.staff = staffFromClaims(claims, services.courts);
    },
    after: async function recordWhatStaffWereShown(request) {
      const staff = request.context.route?.staff;
      if (staff) await recordUnmaskedViews(getContainer(), staff, request.event.routeKey);
    },
  };
}

/**
 * A token that says it is for citizens (unverified: it is verified as one next, and only as one).
 * Read by hand, not with jose, which loads only when a token is verified.
 */
function isCitizenToken(token: string): boolean {
  try {
    const payload = token.split('.')[1];
    if (payload === undefined) return false;
    const aud = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { aud?: unknown }).aud;
    return aud === CITIZEN_AUDIENCE || (Array.isArray(aud) && aud.includes(CITIZEN_AUDIENCE));
  } catch {
    return false;
  }
}

function headerOf(headers: Record<string, string | undefined> | undefined, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() === name) return v;
  return undefined;
}
