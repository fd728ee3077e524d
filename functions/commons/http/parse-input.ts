import * as z from 'zod/mini';
import type { RouteDef } from '../../api/routes';
import { HttpProblem } from './problems';
import type { ApiEvent, RouteMiddleware } from './route-context';

const MAX_BODY_BYTES = 64 * 1024;
/** No request of the contract nests deeper than a few levels; a deeper one is refused before anything walks it. */
const MAX_JSON_DEPTH = 32;
/** `application/json`, or a `+json` type, with or without parameters (charset). */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * Headers, then the body (size, media type, JSON), then body, query and path parameters against
 * the route's zod schemas. Zod's issues name the field and the rule; they never echo the value.
 */
export function parseInput(route: RouteDef): RouteMiddleware {
  return {
    before: async function parseAndValidate(request) {
      const event = request.event;
      const headers = lowerCaseHeaders(event.headers ?? {});
      const rawBody = route.method === 'POST' ? jsonBody(event, headers['content-type']) : undefined;
      request.context.route.headers = headers;
      request.context.route.rawBody = rawBody;
      request.context.route.input = {
        // No body is the empty object; a body that is JSON but not an object (null, a list, a
        // string) is checked as sent, and refused.
        body: route.body
          ? validate(route.body(), rawBody === undefined ? {} : rawBody, 422, 'invalid_body')
          : undefined,
        query: route.query
          ? validate(route.query(), event.queryStringParameters ?? {}, 400, 'invalid_query')
          : undefined,
        // A path that matches no resource is a 404, whatever is wrong with it.
        params: route.params
          ? validate(route.params(), event.pathParameters ?? {}, 404, 'not_found')
          : undefined,
      };
    },
  };
}

function jsonBody(event: ApiEvent, contentType: string | undefined): unknown {
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  if (Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES)
    throw new HttpProblem(413, 'too_large', `the body must be at most ${MAX_BODY_BYTES} bytes`);
  if (raw.trim() === '') return undefined;
  if (!contentType || !JSON_MEDIA_TYPE.test(contentType))
    throw new HttpProblem(415, 'unsupported_media_type', 'send the body as application/json');
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new HttpProblem(400, 'malformed_json', 'the body is not valid JSON');
  }
  if (deeperThan(body, MAX_JSON_DEPTH))
    throw new HttpProblem(400, 'too_deep', `the body nests deeper than ${MAX_JSON_DEPTH} levels`);
  return body;
}

/** Iterative, so that it cannot itself run out of stack on what it is there to refuse. */
function deeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

function validate<T extends z.core.$ZodType>(
  schema: T,
  value: unknown,
  status: number,
  code: 'invalid_body' | 'invalid_query' | 'not_found',
): z.output<T> {
  const result = z.safeParse(schema, value);
  if (result.success) return result.data;
  if (status === 404) throw new HttpProblem(404, 'not_found', 'no such resource');
  const details = result.error.issues.map((i) => ({
    path: i.path.join('.'),
    message: i.message,
    code: i.code,
    // What a page needs to say it in words (web/src/api/problems.ts): never the value itself.
    ...(i.path.length > 0 && valueAt(value, i.path) === undefined ? { missing: true } : {}),
    ...('minimum' in i ? { minimum: Number(i.minimum) } : {}),
    ...('maximum' in i ? { maximum: Number(i.maximum) } : {}),
  }));
  throw new HttpProblem(status, code, 'the request does not match the schema', details);
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

function lowerCaseHeaders(headers: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
