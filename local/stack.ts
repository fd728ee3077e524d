import type { EventLoopUtilization } from 'node:perf_hooks';
import './metrics-off';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { outboxKey } from '../adapters/dynamo/keys';
import { LocalTokens } from '../adapters/tokens';
import { buildOpenApi } from '../functions/api/openapi-document';
import { getContainer, setLocalOverrides } from '../functions/commons/container';
import { runRetention } from '../functions/scheduled/erase-personal-data';
import { resumeOpenOrders } from '../functions/scheduled/resume-open-orders';
import { runNightlyRollup } from '../functions/scheduled/rollup';
import { runTick } from '../functions/workflow/tick';
import {
  type ApiAnswer,
  answerUnparsable,
  invokeApi,
  MAX_HEADER_BYTES,
  problem,
  sendJson,
  serveApiCall,
  serveTemplateRoutes,
} from './api-gateway';
import { LocalClock } from './clock';
import { serveControlCall } from './control-endpoints';
import { refuseForeignControlCall } from './control-guard';
import { ensureTables, startDynalite } from './dynalite';
import { asFunction, IamGuard, templateRoutes } from './iam-guard';
import { type IndexRepair, repairIndexesOnce } from './index-repair';
import { dailyAtShanghai, LocalScheduler } from './scheduler';
import { linkMessagesToPages, servePages } from './static-pages';
import { type CfnTemplate, synthesizedTemplate } from './template';
import { WeChatStandIn } from './wechat-stand-in';
import { LocalWorkflowRunner } from './workflow-runner';

export interface LocalStackOptions {
  port?: number;
  dataDir?: string;
  configDir?: string;
  /**
   * Keep the database on disk under dataDir. @default true (false: in memory, in a worker thread of
   * its own, for a simulation run; the clock and schedule are then not kept either)
   */
  persist?: boolean;
  /**
   * Where a new data folder's clock starts: tests name their calendar instead of depending on
   * today's date. A folder that already kept its clock goes on from there. @default now
   */
  clockStart?: Date;
  /**
   * Build the API's routes and each function's permissions from the synthesized template
   * (local/template.ts): every DynamoDB call a handler makes is checked against its own role's
   * policy, as on AWS. A template given here is used as it is (a test that removes a grant).
   * @default true, unless LOCAL_TEMPLATE=off
   */
  fromTemplate?: boolean | CfnTemplate;
}

export interface LocalStack {
  url: string;
  port: number;
  clock: LocalClock;
  tokens: LocalTokens;
  workflows: LocalWorkflowRunner;
  /** The WeChat API stand-in the stack's WECHAT_API_BASE_URL points at (tests make it fail on purpose). */
  wechat: WeChatStandIn;
  /** The template's IAM policies, checked on every DynamoDB call of a function (null: not built from the template). */
  iam: IamGuard | null;
  /** Moves the clock and runs everything that fell due, as `POST /_local/clock` does. */
  advance(change: { ms: number } | { to: Date }): Promise<Date>;
  /** Wall milliseconds each scheduled job (the nightly rollup, the retention job) has run so far. */
  jobMs(): Record<string, number>;
  /** The process's CPU milliseconds while each scheduled job ran (all threads). */
  jobCpuMs(): Record<string, number>;
  /** dynalite's thread's event-loop use so far, when it runs in a thread of its own (in memory). */
  dynamoLoop(): EventLoopUtilization | null;
  /**
   * An API call handed to the API Gateway stand-in directly, without a socket: the same route
   * matching, authorizer, event and handler as a call over HTTP (a simulation's many calls).
   */
  invoke(call: {
    method: string;
    path: string;
    headers?: Record<string, string>;
    body?: string;
  }): Promise<ApiAnswer>;
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
  const persist = options.persist ?? true;
  const db = await startDynalite(dataDir, { persist });
  // Issue 12: the citizens' secrets, generated once into the data folder (on AWS: Secrets Manager),
  // and the WeChat stand-in that the same adapter as on AWS calls.
  const wechatApp = { appId: 'wx0000000000000000', appSecret: localSecret(dataDir, 'wechat-app-secret') };
  let clockForOutbox: LocalClock | null = null;
  const wechat = new WeChatStandIn(wechatApp, async (message) => {
    const services = getContainer();
    const sentAt = (clockForOutbox?.now() ?? new Date()).toISOString();
    await services.dynamo.doc.send(
      new PutCommand({
        TableName: services.tableName,
        Item: {
          ...outboxKey(
            sentAt,
            `${Date.now().toString().padStart(15, '0')}${Math.random().toString().slice(2, 8)}`,
          ),
          kind: 'wechat',
          to: message.touser,
          subject: message.templateId,
          text: Object.values(message.data)
            .map((d) => d.value)
            .join(' | '),
          sentAt,
          tags: { page: message.page },
        },
      }),
    );
  });
  Object.assign(process.env, {
    CITIZEN_SESSION_KEY: localSecret(dataDir, 'citizen-session-key'),
    PHONE_HASH_KEY: localSecret(dataDir, 'phone-hash-key'),
    WECHAT_APP_ID: wechatApp.appId,
    WECHAT_APP_SECRET: wechatApp.appSecret,
    WECHAT_TEMPLATES: JSON.stringify(LOCAL_TEMPLATES),
    WECHAT_API_BASE_URL: await wechat.start(),
    PERSONAL_DATA_RETENTION_DAYS: process.env.PERSONAL_DATA_RETENTION_DAYS ?? '1095',
  });
  Object.assign(process.env, {
    TABLE_NAME: 'minyi-main',
    IDEMPOTENCY_TABLE_NAME: 'minyi-idempotency',
    DYNAMODB_ENDPOINT: db.endpoint,
    MAIL_TRANSPORT: 'outbox',
    SMS_TRANSPORT: 'outbox',
    // Paths are the project root's: npm scripts and jest run there.
    CONFIG_DIR: resolve(options.configDir ?? 'config'),
    DESK_URL: process.env.DESK_URL ?? 'http://localhost:3000/desk',
    RATING_URL: process.env.RATING_URL ?? 'http://localhost:3000/rate',
    // dynalite ignores the region, but the SDK wants one.
    AWS_REGION: process.env.AWS_REGION ?? 'cn-north-1',
    // Built here as the CDK app builds it beside the OpenAPI function's bundle (functions/api/openapi.ts).
    OPENAPI_DOCUMENT: writeOpenApiDocument(dataDir),
  });
  const clock = new LocalClock(dataDir, persist, options.clockStart);
  clockForOutbox = clock;
  const tokens = new LocalTokens(localSecret(dataDir));
  const workflows = new LocalWorkflowRunner(clock, (input) =>
    asFunction('Workflow/Tick', () => runTick(input)),
  );
  setLocalOverrides({ clock, tokens, workflows });
  const services = getContainer();
  const fromTemplate = options.fromTemplate ?? process.env.LOCAL_TEMPLATE !== 'off';
  let iam: IamGuard | null = null;
  if (fromTemplate) {
    const template = fromTemplate === true ? synthesizedTemplate() : fromTemplate;
    const guard = new IamGuard(template, {
      region: process.env.AWS_REGION ?? 'cn-north-1',
      urlSuffix: 'amazonaws.com',
      accountId: '000000000000',
      refs: localTables(template, {
        TABLE_NAME: services.tableName,
        IDEMPOTENCY_TABLE_NAME: services.idempotencyTableName,
      }),
    });
    guard.watch(services.dynamo.raw);
    iam = guard;
    serveTemplateRoutes(templateRoutes(template));
  } else serveTemplateRoutes(null);
  await ensureTables(services.dynamo.raw, services.tableName, services.idempotencyTableName);
  // A folder an older dynalite wrote may hold index entries without their item: repaired once,
  // before anything reads the indexes (local/index-repair.ts).
  if (persist) reportRepair(await repairIndexesOnce(services.dynamo.doc, services.tableName, dataDir));
  // The EventBridge rules of infra/constructs/schedules.ts, on the local clock. (The resume
  // sweep runs at every start instead of every 15 minutes: locally nothing loses a start.)
  const scheduler = new LocalScheduler(
    clock,
    [
      {
        name: 'nightly-rollup',
        nextAfter: dailyAtShanghai('00:30'),
        run: () => asFunction('Schedules/NightlyRollup', () => runNightlyRollup({ publishMetrics: false })),
      },
      // The retention job (PIPL): erases personal data past the retention time.
      {
        name: 'personal-data-retention',
        nextAfter: dailyAtShanghai('03:00'),
        run: () => asFunction('Schedules/ErasePersonalData', runRetention),
      },
    ],
    dataDir,
    persist,
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
  // One move at a time: two advances sent together each read the clock when their turn comes, so
  // two of a day move it two days (each read it at the start, and one day was lost).
  let moving: Promise<unknown> = Promise.resolve();
  const advance = (change: { ms: number } | { to: Date }): Promise<Date> => {
    const turn = moving.then(() => moveClock(change));
    moving = turn.catch(() => {});
    return turn;
  };
  const moveClock = async (change: { ms: number } | { to: Date }) => {
    const target = 'ms' in change ? clock.now().getTime() + change.ms : change.to.getTime();
    if (target < clock.now().getTime()) throw new RangeError('the clock only moves forward');
    await workflows.settle();
    for (let next = nextDue(); next <= target; next = nextDue()) {
      clock.moveAtLeastTo(new Date(next));
      await runDue();
    }
    const now = clock.moveAtLeastTo(new Date(target));
    await runDue();
    return now;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = await readBody(req);
    if (body === null) return sendJson(res, 413, problem('too_large', 'the body is too large'));
    if (url.pathname.startsWith('/_local/')) {
      const refused = refuseForeignControlCall(req);
      if (refused) return sendJson(res, refused.status, problem(refused.code, refused.message));
    }
    if (await servePages(req.method ?? 'GET', url, body, res, tokens)) return; // web pages, /_local/sign-in
    if (url.pathname.startsWith('/_local/'))
      return serveControlCall(req.method ?? 'GET', url, body, res, { clock, workflows, advance, wechat });
    return serveApiCall(req, res, url, body, tokens);
  };
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A client that hung up mid-body (or broke its chunked framing) is gone: nobody to answer.
      if (req.destroyed || (error as { code?: string })?.code === 'ECONNRESET') return;
      console.error('local server error', error instanceof Error ? error.stack : error);
      sendJson(res, 500, problem('internal', 'internal error'));
    });
  });
  server.on('clientError', answerUnparsable);
  await new Promise<void>((done) => server.listen(options.port ?? 3000, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  linkMessagesToPages(`http://127.0.0.1:${port}`); // DESK_URL, RATING_URL: the pages served here

  // Every open order's clock starts again where the database says it stands; a nightly run
  // missed while the stack was stopped runs now.
  const stop = async () => {
    await workflows.stop();
    await wechat.stop();
    await closeServer(server);
    await db.close();
    setLocalOverrides(null);
  };
  try {
    await asFunction('Schedules/ResumeOpenOrders', resumeOpenOrders);
    await runDue();
  } catch (error) {
    // A start that fails here leaves nothing running (a test, or npm start, could not exit).
    await stop();
    throw error;
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    clock,
    tokens,
    workflows,
    wechat,
    iam,
    advance,
    jobMs: () => ({ ...scheduler.spentMs }),
    jobCpuMs: () => ({ ...scheduler.spentCpuMs }),
    dynamoLoop: () => db.loop?.() ?? null,
    invoke: ({ method, path, headers = {}, body = '' }) =>
      invokeApi(
        {
          method,
          url: new URL(path, 'http://localhost'),
          headers,
          body: Buffer.from(body),
          sourceIp: '127.0.0.1',
        },
        tokens,
      ),
    stop,
  };
}

/**
 * The template's tables as the local stack names them: each table's logical id is found through
 * the variable our functions read its name from (`TABLE_NAME: {Ref: DataTable…}`).
 */
function localTables(template: CfnTemplate, names: Record<string, string>): Record<string, string> {
  const refs: Record<string, string> = {};
  for (const r of Object.values(template.Resources)) {
    const variables = r.Type === 'AWS::Lambda::Function' ? r.Properties.Environment?.Variables : undefined;
    for (const [variable, local] of Object.entries(names)) {
      const ref = (variables?.[variable] as { Ref?: string } | undefined)?.Ref;
      if (ref) refs[ref] = local;
    }
  }
  return refs;
}

/** The subscription template ids of the local mini program (a deployment's come from its secret). */
export const LOCAL_TEMPLATES = {
  accepted: 'local-tpl-accepted',
  replied: 'local-tpl-replied',
  closed: 'local-tpl-closed',
  rating: 'local-tpl-rating',
} as const;

function reportRepair(repair: IndexRepair | null): void {
  if (!repair) return;
  const { restored, unlisted, relisted } = repair;
  if (!restored.length && !unlisted.length && !relisted.length) return;
  console.warn(
    `index check of a data folder an older version wrote: ${restored.length} items written from their ` +
      `index entries (${restored.join(', ')}), ${unlisted.length} stale entries removed ` +
      `(${unlisted.join(', ')}), ${relisted.length} items listed again (${relisted.join(', ')})`,
  );
}

function localSecret(dataDir: string, name = 'jwt-secret'): string {
  const file = join(dataDir, name);
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

const MAX_READ_BYTES = 1024 * 1024;

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

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((done) => server.close(() => done()));
}

let openApiText: string | null = null;

/** The OpenAPI document as a file in the data folder, built once per process: what `OPENAPI_DOCUMENT` names. */
function writeOpenApiDocument(dataDir: string): string {
  openApiText ??= JSON.stringify(buildOpenApi());
  const file = join(dataDir, 'openapi.json');
  writeFileSync(file, openApiText);
  return file;
}
