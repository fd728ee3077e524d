import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import type { LocalTokens } from '../adapters/tokens';
import { STAFF_ROLES, STAFF_UNITS } from '../domain/access';
import { getContainer } from '../functions/commons/container';

/**
 * The web pages on the local stack, from the same origin as the API: the staff desk at /desk/,
 * the citizen's pages at /file, /track, /rate and /cases, their files under /assets/, and /config.json
 * (where the API is, how to sign in). Locally a person signs in at POST /_local/sign-in with a
 * role, a court and a name, and gets the same token `npm run token` prints. The pages themselves
 * are built by `npm run build:web` (or npm start's prestart) into web/dist; this only serves them.
 */
const DIST = resolve(process.env.WEB_DIST ?? 'web/dist');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

const CITIZEN_PAGES = new Set(['/', '/file', '/track', '/rate', '/cases']);

/** DESK_URL / RATING_URL as the person starting the stack gave them (the stack fills in defaults later). */
const GIVEN = { desk: process.env.DESK_URL, rating: process.env.RATING_URL };

/** Where the messages of this stack link to: the pages it serves, unless DESK_URL / RATING_URL were given. */
export function linkMessagesToPages(origin: string): void {
  // The container is built before the server has a port (tests listen on port 0), so the links
  // are set on it once the origin is known.
  Object.assign(getContainer(), {
    deskUrl: GIVEN.desk ?? `${origin}/desk`,
    ratingUrl: GIVEN.rating ?? `${origin}/rate`,
  });
}

/** Serves a page, an asset, /config.json or the local sign-in; false when the call is not for the pages. */
export async function servePages(
  method: string,
  url: URL,
  body: Buffer,
  res: ServerResponse,
  tokens: LocalTokens,
): Promise<boolean> {
  const path = url.pathname;
  if (method === 'POST' && path === '/_local/sign-in') {
    await signIn(body, res, tokens);
    return true;
  }
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (path === '/config.json') {
    json(res, 200, pagesConfig());
    return true;
  }
  if (path.startsWith('/assets/')) {
    const file = normalize(join(DIST, path));
    if (!file.startsWith(join(DIST, 'assets')) || !existsSync(file) || !statSync(file).isFile()) {
      json(res, 404, problem('not_found', `no file ${path}`));
      return true;
    }
    // Asset names carry a content hash: cache them for good.
    sendFile(res, file, 'public, max-age=31536000, immutable');
    return true;
  }
  const page =
    path === '/desk' || path.startsWith('/desk/')
      ? 'desk'
      : CITIZEN_PAGES.has(path.replace(/\/+$/, '') || '/')
        ? 'citizen'
        : null;
  if (!page) return false;
  const html = join(DIST, page, 'index.html');
  if (!existsSync(html)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('页面尚未构建：运行 npm run build:web（npm start 会自动构建）。');
    return true;
  }
  sendFile(res, html, 'no-cache', pageHeaders());
  return true;
}

/**
 * What the pages are told (web/src/shared/config.ts): the API is this origin; staff sign in here,
 * or, with WEB_OIDC_AUTHORITY and WEB_OIDC_CLIENT_ID set, at that OIDC issuer as on AWS (the
 * issuer must let this origin's /desk/callback in; the API here still accepts only local tokens).
 */
function pagesConfig() {
  const authority = process.env.WEB_OIDC_AUTHORITY;
  const clientId = process.env.WEB_OIDC_CLIENT_ID;
  return {
    apiBaseUrl: '',
    auth:
      authority && clientId
        ? {
            mode: 'oidc',
            authority,
            clientId,
            scope: process.env.WEB_OIDC_SCOPE ?? 'openid email profile',
            ...(process.env.WEB_OIDC_SIGN_IN_DOMAIN
              ? { signInDomain: process.env.WEB_OIDC_SIGN_IN_DOMAIN }
              : {}),
          }
        : { mode: 'local' },
  };
}

async function signIn(body: Buffer, res: ServerResponse, tokens: LocalTokens): Promise<void> {
  let input: { role?: unknown; court?: unknown; name?: unknown; unit?: unknown };
  try {
    input = JSON.parse(body.toString('utf8') || '{}');
  } catch {
    return json(res, 400, problem('malformed_json', 'the body is not valid JSON'));
  }
  const { role, court, name, unit } = input;
  if (
    (unit !== undefined &&
      unit !== null &&
      unit !== '' &&
      !(STAFF_UNITS as readonly unknown[]).includes(unit)) ||
    typeof role !== 'string' ||
    !(STAFF_ROLES as readonly string[]).includes(role) ||
    typeof court !== 'string' ||
    !getContainer().courts.find(court) ||
    typeof name !== 'string' ||
    !name.trim() ||
    name.length > 32
  ) {
    return json(
      res,
      422,
      problem(
        'invalid_body',
        `give {"role": ${STAFF_ROLES.join('|')}, "court": a court code, "name", "unit"?: ${STAFF_UNITS.join('|')}}`,
      ),
    );
  }
  // The name is the subject: it is how the order's history names this person.
  // A member of the supervision office (complaints are theirs alone) signs in with its unit.
  const token = await tokens.mint({
    sub: name.trim(),
    role,
    court,
    ...(typeof unit === 'string' && unit ? { unit } : {}),
  });
  json(res, 200, { token });
}

/**
 * `WEB_CONTENT_SECURITY_POLICY`: serve the pages under a given CSP, as CloudFront's response
 * headers policy does on AWS, so a test can run the desk under the template's exact policy.
 * Read on each page load (a test sets it while the stack runs). Absent: no CSP locally.
 */
function pageHeaders(): Record<string, string> {
  const csp = process.env.WEB_CONTENT_SECURITY_POLICY;
  return csp ? { 'content-security-policy': csp } : {};
}

function sendFile(
  res: ServerResponse,
  file: string,
  cache: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': cache,
    'x-content-type-options': 'nosniff',
    ...extra,
  });
  createReadStream(file).pipe(res);
}

function problem(code: string, message: string) {
  return { error: { code, message, details: [] } };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
