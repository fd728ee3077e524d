import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { LocalTokens } from '../adapters/tokens';
import * as courtsApi from '../functions/api/courts';
import * as evaluationsApi from '../functions/api/evaluations';
import * as openapiApi from '../functions/api/openapi';
import * as ordersApi from '../functions/api/orders';
import * as reportsApi from '../functions/api/reports';
import * as requestsApi from '../functions/api/requests';
import { ROUTES, type RouteDef } from '../functions/api/routes';
import { getContainer, setLocalOverrides } from '../functions/commons/container';
import type { APIGatewayProxyEventV2WithClaims } from '../functions/commons/http';
import { resumeOpenOrders } from '../functions/scheduled/resume-open-orders';
import { runNightlyRollup } from '../functions/scheduled/rollup';
import { runTick } from '../functions/workflow/tick';
import { LocalClock, parseDuration } from './clock';
import { ensureTables, startDynalite } from './dynalite';
import { dailyAtShanghai, LocalScheduler } from './scheduler';
import { linkMessagesToPages, servePages } from './static-pages';
import { LocalWorkflowRunner } from './workflow-runner';

type LambdaHandler = (
  event: APIGatewayProxyEventV2WithClaims,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

const MODULES: Record<RouteDef['entry'], Record<string, unknown>> = {
  requests: requestsApi,
  orders: ordersApi,
  courts: courtsApi,
  openapi: openapiApi,
  evaluations: evaluationsApi,
  reports: reportsApi,
};

export interface LocalStackOptions {
  port?: number;
  dataDir?: string;
  configDir?: string;
}

export interface LocalStack {
  url: string;
  port: number;
  clock: LocalClock;
  tokens: LocalTokens;
  workflows: LocalWorkflowRunner;
  /** Moves the clock and runs everything that fell due, as `POST /_local/clock` does. */
  advance(change: { ms: number } | { to: Date }): Promise<Date>;
  stop(): Promise<void>;
}

/**
 * The whole system on one machine: dynalite for DynamoDB, the state machine in-process, and an
 * HTTP server that turns each call into the event API Gateway would send (claims checked the way
 * its JWT authorizer checks them) and hands it to the same Lambda handler.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const dataDir = resolve(options.dataDir ?? process.env.DATA_DIR ?? '.data');
  mkdirSync(dataDir, { recursive: true });
  const db = await startDynalite(dataDir);
  Object.assign(process.env, {
    TABLE_NAME: 'minyi-main',
    IDEMPOTENCY_TABLE_NAME: 'minyi-idempotency',
    DYNAMODB_ENDPOINT: db.endpoint,
    MAIL_TRANSPORT: 'outbox',
    SMS_TRANSPORT: 'outbox',
    // Paths are the project root's: npm scripts and jest run there.
    CONFIG_DIR: resolve(options.configDir ?? 'config'),
    AWS_REGION: process.env.AWS_REGION ?? 'cn-north-1',
    // Locally the figures are read from the reports, not from CloudWatch.
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
  });
  const clock = new LocalClock(dataDir);
  const tokens = new LocalTokens(localSecret(dataDir));
  const workflows = new LocalWorkflowRunner(clock, runTick);
  setLocalOverrides({ clock, tokens, workflows });
  const services = getContainer();
  await ensureTables(services.dynamo.raw, services.tableName, services.idempotencyTableName);
  // The EventBridge rules of infra/constructs/schedules.ts, on the local clock. (The resume
  // sweep runs at every start instead of every 15 minutes: locally nothing loses a start.)
  const scheduler = new LocalScheduler(
    clock,
    [
      {
        name: 'nightly-rollup',
        nextAfter: dailyAtShanghai('00:30'),
        run: () => runNightlyRollup({ publishMetrics: false }),
      },
    ],
    dataDir,
  );

  /**
   * Moves the clock to the target through every time something waits for on the way, so each
   * timer fires at its own time (an escalation due at 17:30 is sent at 17:30, as on AWS), not at
   * the time the clock was moved to.
   */
  const nextDue = () => Math.min(workflows.nextDue() ?? Number.POSITIVE_INFINITY, scheduler.nextDue());
  const runDue = async () => {
    await workflows.runDue();
    await scheduler.runDue();
    await workflows.runDue();
  };
  const advance = async (change: { ms: number } | { to: Date }) => {
    const target = 'ms' in change ? clock.now().getTime() + change.ms : change.to.getTime();
    if (target < clock.now().getTime()) throw new RangeError('the clock only moves forward');
    await workflows.settle();
    for (let next = nextDue(); next <= target; next = nextDue()) {
      clock.advance({ to: new Date(Math.max(next, clock.now().getTime())) });
      await runDue();
    }
    const now = clock.advance({ to: new Date(Math.max(target, clock.now().getTime())) });
    await runDue();
    return now;
  };

  const server = createServer((req, res) => {
    handle(req, res, { tokens, clock, advance, workflows }).catch((error: unknown) => {
      console.error('local server error', error instanceof Error ? error.stack : error);
      send(res, 500, { error: { code: 'internal', message: 'internal error', details: [] } });
    });
  });
  await new Promise<void>((done) => server.listen(options.port ?? 3000, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  linkMessagesToPages(`http://127.0.0.1:${port}`); // DESK_URL, RATING_URL: the pages served here

  // Every open order's clock starts again where the database says it stands; a nightly run
  // missed while the stack was stopped runs now.
  await resumeOpenOrders();
  await runDue();

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    clock,
    tokens,
    workflows,
    advance,
    stop: async () => {
      await workflows.stop();
      await closeServer(server);
      await db.close();
      setLocalOverrides(null);
    },
  };
}

function localSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

interface Local {
  workflows: LocalWorkflowRunner;
  tokens: LocalTokens;
  clock: LocalClock;
  advance: (change: { ms: number } | { to: Date }) => Promise<Date>;
}

const MAX_READ_BYTES = 1024 * 1024;

async function handle(req: IncomingMessage, res: ServerResponse, local: Local): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
  const body = await readBody(req);
  if (body === null) return send(res, 413, problem('too_large', 'the body is too large'));

  if (await servePages(method, url, body, res, local.tokens)) return; // the web pages, /_local/sign-in
  if (url.pathname.startsWith('/_local/')) return handleLocal(method, url, body, res, local);

  const match = matchRoute(method, url.pathname);
  if (!match) {
    const pathKnown = ROUTES.some((r) => pathPattern(r.path).test(url.pathname));
    return send(
      res,
      pathKnown ? 405 : 404,
      problem(pathKnown ? 'method_not_allowed' : 'not_found', `no route ${method} ${url.pathname}`),
    );
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;

  const event: APIGatewayProxyEventV2WithClaims = {
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
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
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
    const token = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
    try {
      if (!token) throw new Error('missing');
      event.requestContext.authorizer = { jwt: { claims: await local.tokens.verify(token), scopes: null } };
    } catch {
      return send(res, 401, problem('unauthorized', 'a valid staff token is required'));
    }
  }

  const handler = MODULES[match.route.entry][match.route.handler] as LambdaHandler;
  const result = (await handler(event, lambdaContext(match.route))) as APIGatewayProxyStructuredResultV2;
  res.writeHead(result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>);
  res.end(result.body ?? '');
}

async function handleLocal(
  method: string,
  url: URL,
  body: Buffer,
  res: ServerResponse,
  local: Local,
): Promise<void> {
  if (method === 'POST' && url.pathname === '/_local/clock') {
    let input: { advance?: unknown; to?: unknown };
    try {
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      return send(res, 400, problem('malformed_json', 'the body is not valid JSON'));
    }
    let change: { ms: number } | { to: Date } | null = null;
    if (typeof input.advance === 'string') {
      const ms = parseDuration(input.advance);
      if (ms !== null) change = { ms };
    } else if (typeof input.to === 'string' && !Number.isNaN(Date.parse(input.to))) {
      change = { to: new Date(input.to) };
    }
    if (!change)
      return send(res, 422, problem('invalid_body', 'give {"advance": "P2D"} or {"to": "<ISO time>"}'));
    if ('to' in change && change.to < local.clock.now())
      return send(res, 409, problem('clock_backwards', 'the clock only moves forward'));
    const now = await local.advance(change);
    return send(res, 200, { now: now.toISOString() });
  }
  if (method === 'GET' && url.pathname === '/_local/clock')
    return send(res, 200, { now: local.clock.now().toISOString() });
  if (method === 'GET' && url.pathname === '/_local/outbox') {
    // Workflows started by the last call may still be sending: show what they send.
    await local.workflows.settle();
    const items = (await getContainer().outbox?.list()) ?? [];
    return send(res, 200, { items });
  }
  return send(res, 404, problem('not_found', `no route ${method} ${url.pathname}`));
}

function matchRoute(
  method: string,
  path: string,
): { route: RouteDef; params: Record<string, string> } | null {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const m = pathPattern(route.path).exec(path);
    if (m)
      return {
        route,
        params: Object.fromEntries(
          Object.entries(m.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]),
        ),
      };
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

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_READ_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => done(tooLarge ? null : Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

function lambdaContext(route: RouteDef): Context {
  const started = Date.now();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `local-${route.handler}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${route.handler}`,
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

function problem(code: string, message: string) {
  return { error: { code, message, details: [] } };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((done) => server.close(() => done()));
}
