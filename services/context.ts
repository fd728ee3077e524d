import type { CitizenSecrets } from '../adapters/citizen-secrets';
import type { CitizenSessions } from '../adapters/citizen-sessions';
import type { Clock } from '../adapters/clock';
import type { AccessLogRepo } from '../adapters/dynamo/access-log-repo';
import type { AttemptsRepo } from '../adapters/dynamo/attempts-repo';
import type { CalendarRepo } from '../adapters/dynamo/calendar-repo';
import type { CaseOrdersRepo } from '../adapters/dynamo/case-orders-repo';
import type { CitizensRepo } from '../adapters/dynamo/citizens-repo';
import type { DirectoryRepo } from '../adapters/dynamo/directory-repo';
import type { FiguresRepo } from '../adapters/dynamo/figures-repo';
import type { JobMarksRepo } from '../adapters/dynamo/job-marks-repo';
import type { KnowledgeRepo } from '../adapters/dynamo/knowledge-repo';
import type { OrdersRepo } from '../adapters/dynamo/orders-repo';
import type { RequestsRepo } from '../adapters/dynamo/requests-repo';
import type { StaleDaysRepo } from '../adapters/dynamo/stale-days-repo';
import type { TokensRepo } from '../adapters/dynamo/tokens-repo';
import type { TypicalCasesRepo } from '../adapters/dynamo/typical-cases-repo';
import type { Mailer, SmsSender } from '../adapters/notify';
import type { StaffDirectory, StaffMember } from '../adapters/staff-directory';
import type { WeChatApi } from '../adapters/wechat';
import type { WorkflowStarter } from '../adapters/workflow-starter';
import type { Access } from '../domain/access';
import type { Court, CourtDirectory } from '../domain/courts';
import type { OrderContext } from '../domain/order';
import type { WorkingCalendar } from '../domain/working-days';

/** What the use cases need, wired once per process by functions/commons/container.ts. */
export interface Services {
  clock: Clock;
  /** The directory as this process holds it, kept current by services/directory.ts's syncDirectory. */
  courts: CourtDirectory;
  calendar: WorkingCalendar;
  /** Years of the calendar loaded at run time (services/calendar.ts). */
  calendarYears: CalendarRepo;
  access: Access;
  requests: RequestsRepo;
  orders: OrdersRepo;
  /** The orders made for each case number (issue 20: a second order for an open case). */
  caseOrders: CaseOrdersRepo;
  ratingTokens: TokensRepo;
  /** Guesses at access codes, limited per tracking number. */
  attempts: AttemptsRepo;
  figures: FiguresRepo;
  /** Past days whose figures a later decision changed, until the nightly rollup recomputes them. */
  staleDays: StaleDaysRepo;
  staff: StaffDirectory;
  /** The directory at run time as stored, and the deployment's files that seed it (config/*.csv). */
  directory: DirectoryRepo;
  directorySeed: { courts: Court[]; staff: StaffMember[] };
  /**
   * Told when the stored directory cannot be used as stored (services/directory.ts): logged, so
   * that an administrator mends it. The problem names court codes, never a person.
   */
  reportDirectoryProblem(report: { version: number | 'seed'; problem: string }): void;
  mailer: Mailer;
  sms: SmsSender;
  workflows: WorkflowStarter;
  /** Where staff open an order: `${deskUrl}/orders/${orderId}`. */
  deskUrl: string;
  /** Where a citizen rates by SMS link: `${ratingUrl}?token=...`. */
  ratingUrl: string;
  /** Issue 12: WeChat citizens (openid, subscription grants), the access log, jobs' progress marks. */
  citizens: CitizensRepo;
  accessLog: AccessLogRepo;
  jobMarks: JobMarksRepo;
  /** Loaded on first use (Secrets Manager on AWS): session key, phone-hash key, WeChat app and templates. */
  citizenSecrets: () => Promise<CitizenSecrets>;
  citizenSessions: () => Promise<CitizenSessions>;
  wechat: () => Promise<WeChatApi>;
  /** Keyed hashes of a phone (finds a caller's requests) and of a source address (counts a client's calls). */
  personalData: { phoneHash(phone: string): Promise<string>; clientHash(sourceIp: string): Promise<string> };
  /** Whether the per-client limits count (domain/client-limits.ts); only a load test on one machine turns them off. */
  clientLimits: boolean;
  /** Reply rounds judged in a month below which a court is listed apart from the ranking (domain/ranking.ts). */
  rankingMinOrders: number;
  /** Days personal data is kept after a request is settled or its order closed; null where no function needs it. */
  retentionDays: number | null;
  /** Issue 20: the knowledge base's entries (its search index is the knowledge functions' own) and typical cases. */
  knowledge: KnowledgeRepo;
  typicalCases: TypicalCasesRepo;
}

export function orderContext(s: Services): OrderContext {
  return { now: s.clock.now(), calendar: s.calendar, courts: s.courts };
}
