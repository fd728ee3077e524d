import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { LocalTokens } from '../adapters/tokens';
import * as adminApi from '../functions/api/admin';
import * as bulletinsApi from '../functions/api/bulletins';
import * as courtsApi from '../functions/api/courts';
import * as evaluationsApi from '../functions/api/evaluations';
import * as inboxApi from '../functions/api/inbox';
import * as knowledgeApi from '../functions/api/knowledge';
import * as meApi from '../functions/api/me';
import * as openapiApi from '../functions/api/openapi';
import * as ordersApi from '../functions/api/orders';
import * as reportsApi from '../functions/api/reports';
import * as requestsApi from '../functions/api/requests';
import {
  ROUTE_LIST,
  type RouteDef,
  type RouteName,
  SHARED_FUNCTIONS,
  SHARED_HANDLER,
} from '../functions/api/routes';
import * as typicalCasesApi from '../functions/api/typical-cases';
import * as wechatApi from '../functions/api/wechat';
import type { ApiEvent } from '../functions/commons/http';
import { asAuthorizerClaims } from '../functions/commons/http/claims';
import { asFunction } from './iam-guard';

type LambdaHandler = (event: ApiEvent, context: Context) => Promise<APIGatewayProxyResultV2>;
type Route = RouteDef & { name: RouteName };

/**
 * The routes served: the synthesized template's (`serveTemplateRoutes`), each with its own
 * authorizer as the template sets it; else the handlers' route table as it is in the code.
 */
let routes: readonly Route[] = ROUTE_LIST;

/**
 * Serves the API as the template deploys it (issue 22): a route the template lacks is not served,
 * a route the template leaves without the JWT authorizer gets none, each handler runs as the
 * template's function behind its route. `null`: back to the code's route table.
 */
export function serveTemplateRoutes(
  template: Array<{ routeKey: string; authorizationType: string }> | null,
): void {
  if (!template) {
    routes = ROUTE_LIST;
    return;
  }
  routes = template.map(({ routeKey, authorizationType }) => {
    // Matched by route key: a function may serve several routes (one per entry, dispatched by key).
    const code = ROUTE_LIST.find((r) => `${r.method} ${r.path}` === routeKey);
    if (!code) throw new Error(`the template's route ${routeKey} is not one of the code's routes`);
    const [method, path] = routeKey.split(' ') as [string, string];
    const auth: RouteDef['auth'] =
      authorizationType === 'JWT' ? 'staff' : code.auth === 'staff' ? 'none' : code.auth;
    return { ...code, method: method as Route['method'], path, auth };
  });
}

const MODULES: Record<RouteDef['entry'], Record<string, unknown>> = {
  bulletins: bulletinsApi,
  requests: requestsApi,
  orders: ordersApi,
  courts: courtsApi,
  openapi: openapiApi,
  evaluations: evaluationsApi,
  reports: reportsApi,
  wechat: wechatApi,
  me: meApi,
  knowledge: knowledgeApi,
  'typical-cases': typicalCasesApi,
  admin: adminApi,
  inbox: inboxApi,
};

/** Largest header block the local server reads; API Gateway's own limit is lower (10 KB). */
export const MAX_HEADER_BYTES = 64 * 1024;
/** Requests whose headers exceed API Gateway's limit are refused as it refuses them, before any handler. */
const API_GATEWAY_HEADER_LIMIT = 10 * 1024;

/** One call as API Gateway receives it. */
export interface ApiCall {
  method: string;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  sourceIp: string;
}

/** What API Gateway answers. */
export interface ApiAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** serveApiCall over HTTP: the local server's API path. */
export async function serveApiCall(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
  tokens: LocalTokens,
): Promise<void> {
  const answer = await invokeApi(
    {
      method: req.method ?? 'GET',
      url,
      headers: req.headers,
      body,
      sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
    },
    tokens,
  );
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

/**
 * What API Gateway's HTTP API does in front of the Lambda handlers: match the route, turn the
 * call into its event (v2 payload), run the JWT authorizer on staff routes and pass the claims
 * as it does (every claim a string, arrays as `"[a b]"`), and return the handler's answer. The
 * local server calls it for every HTTP call; a simulation calls it directly (no socket between).
 */
export async function invokeApi(call: ApiCall, tokens: LocalTokens): Promise<ApiAnswer> {
  const { method, url, body } = call;
  const match = matchRoute(method, url.pathname);
  if (match === 'malformed')
    return jsonAnswer(400, problem('malformed_path', 'the path holds a malformed percent-escape'));
  if (!match) {
    const pathKnown = routes.some((r) => pathPattern(r.path).test(url.pathname));
    return jsonAnswer(
      pathKnown ? 405 : 404,
      problem(pathKnown ? 'method_not_allowed' : 'not_found', `no route ${method} ${url.pathname}`),
    );
  }
  const headers: Record<string, string> = {};
  let headerBytes = 0;
  for (const [k, v] of Object.entries(call.headers)) {
    if (typeof v !== 'string') continue;
    headers[k.toLowerCase()] = v;
    headerBytes += k.length + Buffer.byteLength(v);
  }
  if (headerBytes > API_GATEWAY_HEADER_LIMIT)
    return jsonAnswer(431, problem('headers_too_large', 'the request headers are too large'));

  const event: ApiEvent = {
    version: '2.0',
    routeKey: `${match.route.method} ${match.route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
    pathParameters: Object.keys(match.params).length ? match.params : undefined,
    body: body.length ? body.toString('utf8') : undefined,
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: call.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: `${match.route.method} ${match.route.path}`,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  };

  // The HTTP API's JWT authorizer, on the routes that have it: no valid token, no call.
  if (match.route.auth === 'staff') {
    const token = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
    try {
      if (!token) throw new Error('missing');
      const claims = asAuthorizerClaims(await tokens.verify(token));
      event.requestContext.authorizer = { jwt: { claims, scopes: null } };
    } catch {
      return jsonAnswer(401, problem('unauthorized', 'a valid staff token is required'));
    }
  }

  // A shared entry is served as on AWS: its one handler dispatches by the route key.
  const shared = SHARED_FUNCTIONS.has(match.route.entry);
  const handler = MODULES[match.route.entry][shared ? SHARED_HANDLER : match.route.name] as LambdaHandler;
  const result = (await asFunction(`route:${event.routeKey}`, () =>
    handler(event, lambdaContext(match.route)),
  )) as APIGatewayProxyStructuredResultV2;
  return {
    status: result.statusCode ?? 200,
    headers: (result.headers ?? {}) as Record<string, string>,
    body: String(result.body ?? ''),
  };
}

/**
 * Calls Node's HTTP parser refuses before any handler sees them (headers over the limit, raw
 * non-ASCII in the URL, broken framing) get the contract's JSON error instead of an empty answer
 * or a reset. The parser's rules stay as strict as they are.
 */
export function answerUnparsable(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'the request headers are too large']
      : error.code === 'HPE_INVALID_URL' || error.code === 'HPE_INVALID_PATH'
        ? [400, 'malformed_url', 'percent-encode every character of the URL that is not ASCII (RFC 3986)']
        : [400, 'malformed_request', 'the request is not valid HTTP/1.1'];
  const body = JSON.stringify(problem(code, message));
  const reason = status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

function matchRoute(
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | 'malformed' | null {
  for (const route of routes) {
    if (route.method !== method) continue;
    const m = pathPattern(route.path).exec(path);
    if (!m) continue;
    try {
      return {
        route,
        params: Object.fromEntries(
          Object.entries(m.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]),
        ),
      };
    } catch {
      return 'malformed'; // a broken %-escape (URIError), as API Gateway refuses it
    }
  }
  return null;
}

const patterns = new Map<string, RegExp>();
function pathPattern(path: string): RegExp {
  let re = patterns.get(path);
  if (!re) {
    re = new RegExp(`^${path.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`);
    patterns.set(path, re);
  }
  return re;
}

function lambdaContext(route: Route): Context {
  const started = Date.now();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `local-${route.name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${route.name}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: 'local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, 30_000 - (Date.now() - started)),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

export function problem(code: string, message: string) {
  return { error: { code, message, details: [] } };
}

const jsonAnswer = (status: number, body: unknown): ApiAnswer => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
});

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const answer = jsonAnswer(status, body);
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}
