import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Clock, systemClock } from '../../adapters/clock';
import { CalendarRepo } from '../../adapters/dynamo/calendar-repo';
import { makeDynamoClients } from '../../adapters/dynamo/client';
import { FiguresRepo } from '../../adapters/dynamo/figures-repo';
import { IdempotencyStore } from '../../adapters/dynamo/idempotency-store';
import { OrdersRepo } from '../../adapters/dynamo/orders-repo';
import { RequestsRepo } from '../../adapters/dynamo/requests-repo';
import { TokensRepo } from '../../adapters/dynamo/tokens-repo';
import { SesMailer } from '../../adapters/mail-ses';
import { SmtpMailer } from '../../adapters/mail-smtp';
import type { Mailer, SmsSender } from '../../adapters/notify';
import { Outbox } from '../../adapters/outbox';
import { SnsSmsSender } from '../../adapters/sms-sns';
import { StaffDirectory } from '../../adapters/staff-directory';
import { JwksTokens, type TokenVerifier } from '../../adapters/tokens';
import { StepFunctionsStarter, type WorkflowStarter } from '../../adapters/workflow-starter';
import { Access } from '../../domain/access';
import { CourtDirectory } from '../../domain/courts';
import { WorkingCalendar } from '../../domain/working-days';
import type { Services } from '../../services/context';
import { optionalEnv, requireEnv } from './env';

/**
 * The one composition point: which adapter serves each port is decided here, from the
 * environment, and nowhere else. The local stack calls `setLocalOverrides` before the first
 * request to put its clock, outbox, token verifier and in-process workflow runner in place.
 */
export interface Container extends Services {
  tokens: TokenVerifier | null;
  dynamo: ReturnType<typeof makeDynamoClients>;
  tableName: string;
  idempotencyTableName: string;
  idempotency: IdempotencyStore;
  outbox: Outbox | null;
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
  container ??= build();
  return container;
}

function build(): Container {
  // On Lambda the bundle carries config/ next to the handler (see infra's function construct).
  const configDir = optionalEnv('CONFIG_DIR') ?? join(process.cwd(), 'config');
  const courts = CourtDirectory.fromCsv(readFileSync(join(configDir, 'courts.csv'), 'utf8'));
  const staff = StaffDirectory.fromCsv(readFileSync(join(configDir, 'staff.csv'), 'utf8'));
  const calendar = new WorkingCalendar(JSON.parse(readFileSync(join(configDir, 'calendar.json'), 'utf8')));
  const dynamo = makeDynamoClients(optionalEnv('DYNAMODB_ENDPOINT'));
  const tableName = requireEnv('TABLE_NAME');
  const clock = local?.clock ?? systemClock;
  const outbox = optionalEnv('MAIL_TRANSPORT') === 'outbox' ? new Outbox(dynamo.doc, tableName, clock) : null;
  return {
    clock,
    courts,
    calendar,
    calendarYears: new CalendarRepo(dynamo.doc, tableName),
    access: new Access(courts),
    requests: new RequestsRepo(dynamo.doc, tableName),
    orders: new OrdersRepo(dynamo.doc, tableName, courts),
    ratingTokens: new TokensRepo(dynamo.doc, tableName),
    figures: new FiguresRepo(dynamo.doc, tableName),
    staff,
    mailer: mailer(outbox),
    sms: sms(outbox),
    workflows: local?.workflows ?? lazyStarter(),
    tokens: local?.tokens ?? jwks(),
    dynamo,
    tableName,
    idempotencyTableName: requireEnv('IDEMPOTENCY_TABLE_NAME'),
    idempotency: new IdempotencyStore(dynamo.doc, requireEnv('IDEMPOTENCY_TABLE_NAME')),
    outbox,
    deskUrl: optionalEnv('DESK_URL') ?? 'https://desk.example.cn',
    ratingUrl: optionalEnv('RATING_URL') ?? 'https://12368.example.cn/rate',
  };
}

function mailer(outbox: Outbox | null): Mailer {
  const transport = requireEnv('MAIL_TRANSPORT');
  if (transport === 'outbox' && outbox) return outbox;
  if (transport === 'ses') return new SesMailer(requireEnv('MAIL_FROM'));
  if (transport === 'smtp') return new SmtpMailer(requireEnv('SMTP_SECRET_ARN'), requireEnv('MAIL_FROM'));
  throw new Error(`MAIL_TRANSPORT ${transport} is not one of outbox, ses, smtp`);
}

function sms(outbox: Outbox | null): SmsSender {
  const transport = requireEnv('SMS_TRANSPORT');
  if (transport === 'outbox' && outbox) return outbox;
  if (transport === 'sns') return new SnsSmsSender();
  if (transport === 'topic') return new SnsSmsSender(requireEnv('SMS_TOPIC_ARN'));
  throw new Error(`SMS_TRANSPORT ${transport} is not one of outbox, sns, topic`);
}

/** Only functions that start workflows have the ARN; the others never touch this port. */
function lazyStarter(): WorkflowStarter {
  let starter: StepFunctionsStarter | null = null;
  return {
    start: (orderId, stageSeq) => {
      starter ??= new StepFunctionsStarter(requireEnv('STATE_MACHINE_ARN'));
      return starter.start(orderId, stageSeq);
    },
  };
}

function jwks(): TokenVerifier | null {
  const issuer = optionalEnv('JWT_ISSUER');
  return issuer ? new JwksTokens(issuer, requireEnv('JWT_AUDIENCE')) : null;
}
