import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCitizenSecrets, loadSessionKey } from '../../adapters/citizen-secrets';
import { CitizenSessions, clientHash, phoneHash } from '../../adapters/citizen-sessions';
import { type Clock, systemClock } from '../../adapters/clock';
import { AccessLogRepo } from '../../adapters/dynamo/access-log-repo';
import { AttemptsRepo } from '../../adapters/dynamo/attempts-repo';
import { CalendarRepo } from '../../adapters/dynamo/calendar-repo';
import { CaseOrdersRepo } from '../../adapters/dynamo/case-orders-repo';
import { CitizensRepo } from '../../adapters/dynamo/citizens-repo';
import { makeDynamoClients } from '../../adapters/dynamo/client';
import { DirectoryRepo } from '../../adapters/dynamo/directory-repo';
import { FiguresRepo } from '../../adapters/dynamo/figures-repo';
import { IdempotencyStore } from '../../adapters/dynamo/idempotency-store';
import { JobMarksRepo } from '../../adapters/dynamo/job-marks-repo';
import { KnowledgeRepo } from '../../adapters/dynamo/knowledge-repo';
import { RequestsRepo } from '../../adapters/dynamo/requests-repo';
import { StaleDaysRepo } from '../../adapters/dynamo/stale-days-repo';
import { TokensRepo } from '../../adapters/dynamo/tokens-repo';
import { TypicalCasesRepo } from '../../adapters/dynamo/typical-cases-repo';
import { ListCursors } from '../../adapters/list-cursors';
import type { Mailer, SmsSender } from '../../adapters/notify';
import { Outbox } from '../../adapters/outbox';
import { parseStaffCsv, StaffDirectory } from '../../adapters/staff-directory';
import { JwksTokens, type TokenVerifier } from '../../adapters/tokens';
import type { WorkflowStarter } from '../../adapters/workflow-starter';
import { Access } from '../../domain/access';
import { CourtDirectory } from '../../domain/courts';
import { DEFAULT_RANKING_MIN_ORDERS } from '../../domain/ranking';
import { WorkingCalendar } from '../../domain/working-days';
import { OrdersWithCitizenNotices, SmsWithWeChatFirst } from '../../services/citizen-notices';
import type { Services } from '../../services/context';
import { syncDirectory } from '../../services/directory';
import { type Environment, parseEnvironment } from './env';
import { logger } from './logger';

/**
 * The one composition point: which adapter serves each port is decided here, from the parsed
 * environment, and nowhere else; so is when it loads. Transports that talk to other services
 * (SES, SMTP, SNS, Step Functions) are imported on their first use, so a function that never
 * sends mail never loads a mail client. The local stack calls `setLocalOverrides` before the
 * first request to put its clock, outbox, token verifier and in-process workflow runner in place.
 */
export interface Container extends Services {
  tokens: TokenVerifier | null;
  dynamo: ReturnType<typeof makeDynamoClients>;
  tableName: string;
  idempotencyTableName: string;
  idempotency: IdempotencyStore;
  outbox: Outbox | null;
  /** Seals the cursors lists give clients (adapters/list-cursors.ts), under the session key. */
  listCursors: () => Promise<ListCursors>;
}

export interface LocalOverrides {
  clock: Clock;
  tokens: TokenVerifier;
  workflows: WorkflowStarter;
}

let local: LocalOverrides | null = null;
let container: Container | null = null;

export function setLocalOverrides(overrides: LocalOverrides | null): void {
  local = overrides;
  container = null;
}

export function getContainer(): Container {
  container ??= build(parseEnvironment());
  return container;
}

function build(env: Environment): Container {
  const configDir = env.CONFIG_DIR ?? join(process.cwd(), 'config');
  // The bundled CSVs seed the directory; services/directory.ts's syncDirectory replaces both
  // objects' contents with the stored directory before a call is served.
  const courts = CourtDirectory.fromCsv(readFileSync(join(configDir, 'courts.csv'), 'utf8'));
  const directorySeed = {
    courts: courts.all(),
    staff: parseStaffCsv(readFileSync(join(configDir, 'staff.csv'), 'utf8')),
  };
  const staff = new StaffDirectory(directorySeed.staff, courts);
  const calendar = new WorkingCalendar(JSON.parse(readFileSync(join(configDir, 'calendar.json'), 'utf8')));
  const dynamo = makeDynamoClients(env.DYNAMODB_ENDPOINT);
  const tableName = env.TABLE_NAME;
  const clock = local?.clock ?? systemClock;
  const needsOutbox = env.MAIL_TRANSPORT === 'outbox' || env.SMS_TRANSPORT === 'outbox';
  const outbox = needsOutbox ? new Outbox(dynamo.doc, tableName, clock) : null;
  // Issue 12: a WeChat citizen hears of their order's progress (and gets the rating link) by
  // subscription message where they granted one, by SMS otherwise; a notice that fails is logged
  // (order id and reason) and never undoes the change it follows.
  let built: Container | null = null;
  const self = () => built!;
  const smsTransport = sms(env, outbox);
  const noticeFailed = (orderId: string, error: unknown) =>
    logger.error('citizen notice failed', {
      orderId,
      reason: error instanceof Error ? error.message : 'unknown',
    });
  const citizenSecrets = onFirstUse(() => loadCitizenSecrets(env));
  built = {
    clock,
    courts,
    calendar,
    calendarYears: new CalendarRepo(dynamo.doc, tableName),
    access: new Access(courts),
    requests: new RequestsRepo(dynamo.doc, tableName),
    orders: new OrdersWithCitizenNotices(dynamo.doc, tableName, courts, self, smsTransport, noticeFailed),
    caseOrders: new CaseOrdersRepo(dynamo.doc, tableName),
    ratingTokens: new TokensRepo(dynamo.doc, tableName),
    attempts: new AttemptsRepo(dynamo.doc, tableName),
    figures: new FiguresRepo(dynamo.doc, tableName),
    staff,
    directory: new DirectoryRepo(dynamo.doc, tableName),
    directorySeed,
    reportDirectoryProblem: (report) => logger.error('the stored directory is not usable as stored', report),
    mailer: mailer(env, outbox),
    sms: new SmsWithWeChatFirst(smsTransport, self, noticeFailed),
    workflows: local?.workflows ?? stepFunctions(env),
    tokens: local?.tokens ?? (env.JWT_ISSUER ? new JwksTokens(env.JWT_ISSUER, env.JWT_AUDIENCE!) : null),
    dynamo,
    tableName,
    idempotencyTableName: env.IDEMPOTENCY_TABLE_NAME,
    idempotency: new IdempotencyStore(dynamo.doc, env.IDEMPOTENCY_TABLE_NAME),
    outbox,
    listCursors: onFirstUse(async () => new ListCursors(await loadSessionKey(env))),
    deskUrl: env.DESK_URL,
    ratingUrl: env.RATING_URL,
    citizens: new CitizensRepo(dynamo.doc, tableName),
    accessLog: new AccessLogRepo(dynamo.doc, tableName),
    jobMarks: new JobMarksRepo(dynamo.doc, tableName),
    staleDays: new StaleDaysRepo(dynamo.doc, tableName),
    citizenSecrets,
    citizenSessions: onFirstUse(async () => new CitizenSessions((await citizenSecrets()).sessionKey)),
    wechat: onFirstUse(async () => {
      if (!env.WECHAT_API_BASE_URL) throw new Error('environment variable WECHAT_API_BASE_URL is not set');
      const { WeChatApi } = await import('../../adapters/wechat');
      return new WeChatApi(env.WECHAT_API_BASE_URL, async () => (await citizenSecrets()).wechat);
    }),
    personalData: {
      phoneHash: async (phone) => phoneHash((await citizenSecrets()).phoneHashKey, phone),
      clientHash: async (sourceIp) => clientHash((await citizenSecrets()).phoneHashKey, sourceIp),
    },
    clientLimits: env.CLIENT_LIMITS !== 'off',
    rankingMinOrders: env.RANKING_MIN_ORDERS ? Number(env.RANKING_MIN_ORDERS) : DEFAULT_RANKING_MIN_ORDERS,
    retentionDays: env.PERSONAL_DATA_RETENTION_DAYS ? Number(env.PERSONAL_DATA_RETENTION_DAYS) : null,
    knowledge: new KnowledgeRepo(dynamo.doc, tableName),
    typicalCases: new TypicalCasesRepo(dynamo.doc, tableName),
  };
  return built;
}

/**
 * The container with the directory as it stands now (services/directory.ts): what every entry
 * point (an API call, a workflow tick, a scheduled job) asks for before it reads a court or a
 * member of staff. A cheap version check at most every few seconds, a reload only on a change.
 */
export async function currentContainer(): Promise<Container> {
  const services = getContainer();
  await syncDirectory(services);
  return services;
}

/** Loads an adapter the first time the port is used, once, however many calls arrive together. */
function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = null; // a failed load is tried again on the next use
      throw error;
    });
    return loading;
  };
}

function mailer(env: Environment, outbox: Outbox | null): Mailer {
  if (env.MAIL_TRANSPORT === 'outbox') return outbox!;
  const from = env.MAIL_FROM!;
  const get =
    env.MAIL_TRANSPORT === 'ses'
      ? onFirstUse<Mailer>(async () => new (await import('../../adapters/mail-ses')).SesMailer(from))
      : onFirstUse<Mailer>(
          async () => new (await import('../../adapters/mail-smtp')).SmtpMailer(env.SMTP_SECRET_ARN!, from),
        );
  return { send: async (mail) => (await get()).send(mail) };
}

function sms(env: Environment, outbox: Outbox | null): SmsSender {
  if (env.SMS_TRANSPORT === 'outbox') return outbox!;
  const topic = env.SMS_TRANSPORT === 'topic' ? env.SMS_TOPIC_ARN : undefined;
  const get = onFirstUse<SmsSender>(
    async () => new (await import('../../adapters/sms-sns')).SnsSmsSender(topic),
  );
  return { send: async (message) => (await get()).send(message) };
}

/** Only functions that start order clocks have the ARN; the others never touch this port. */
function stepFunctions(env: Environment): WorkflowStarter {
  const get = onFirstUse<WorkflowStarter>(async () => {
    if (!env.STATE_MACHINE_ARN) throw new Error('environment variable STATE_MACHINE_ARN is not set');
    return new (await import('../../adapters/workflow-starter-sfn')).StepFunctionsStarter(
      env.STATE_MACHINE_ARN,
    );
  });
  return {
    start: async (orderId, stageSeq) => (await get()).start(orderId, stageSeq),
    stopStage: async (orderId, stageSeq) => (await get()).stopStage(orderId, stageSeq),
  };
}
