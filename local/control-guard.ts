import type { IncomingMessage } from 'node:http';

/**
 * Who may drive `/_local/*` (the clock, the outbox, the WeChat stand-in, the sign-in): the developer's
 * own tools and the pages this stack serves, never another web page the developer happens to open.
 *
 * - A cross-site page can POST a "simple" request (text/plain, a form) without a CORS preflight:
 *   every POST here must say `content-type: application/json`, which a cross-site page can only send
 *   after a preflight this server never grants.
 * - A browser names the page's origin (`Origin`, `Sec-Fetch-Site`): anything but this same origin is refused.
 * - A DNS-rebinding page reaches 127.0.0.1 under its own host name: only the configured host names
 *   are answered (`localhost`, `127.0.0.1`, `[::1]`, and `LOCAL_HOSTS`, comma-separated, for a
 *   name of your own such as `minyi.test`).
 */
export function refuseForeignControlCall(
  req: Pick<IncomingMessage, 'method' | 'headers'>,
): { status: number; code: string; message: string } | null {
  const host = hostName(req.headers.host);
  if (!host || !allowedHosts().has(host))
    return {
      status: 403,
      code: 'host_not_allowed',
      message: `the local controls answer only ${[...allowedHosts()].join(', ')} (LOCAL_HOSTS adds more)`,
    };
  const fetchSite = req.headers['sec-fetch-site'];
  const origin = req.headers.origin;
  const sameOrigin =
    (fetchSite === undefined || fetchSite === 'same-origin' || fetchSite === 'none') &&
    (origin === undefined || originHost(origin) === String(req.headers.host).toLowerCase());
  if (!sameOrigin)
    return {
      status: 403,
      code: 'cross_origin',
      message: 'the local controls take calls from their own origin only',
    };
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD' && !isJson(req.headers['content-type']))
    return {
      status: 415,
      code: 'unsupported_media_type',
      message: 'send the body as JSON with content-type: application/json',
    };
  return null;
}

const DEFAULT_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

function allowedHosts(): Set<string> {
  const extra = (process.env.LOCAL_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return new Set([...DEFAULT_HOSTS, ...extra]);
}

/** `Host: 127.0.0.1:3000` → `127.0.0.1`; `[::1]:3000` → `[::1]`; null when it is not a host[:port]. */
function hostName(header: string | undefined): string | null {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i.exec(header ?? '');
  return m ? m[1]!.toLowerCase() : null;
}

/** `http://127.0.0.1:3000` → `127.0.0.1:3000` (what the Host header says for the same origin). */
function originHost(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host.toLowerCase() : null;
  } catch {
    return null; // `Origin: null` (a sandboxed frame, a file:// page) is never this origin
  }
}

function isJson(contentType: string | undefined): boolean {
  return /^application\/json\s*(;|$)/i.test(contentType ?? '');
}
