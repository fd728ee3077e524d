import type { Staff } from './access';
import { type Category, type Channel, REPLY_WORKING_DAYS } from './categories';
import type { CourtDirectory } from './courts';
import { wrongState } from './errors';
import type { ClockStep } from './ladder';
import type { WorkingCalendar } from './working-days';

/**
 * A work order: the model, its creation, and the helpers every change shares. The changes are
 * pure functions, each taking the order as stored and returning the order as it must be stored
 * next, with one more line of history; the adapter writes that with one conditional put on
 * `version`, so two changes racing on one order cannot both win. They live by who uses them:
 * - order-round.ts: the court's reply round (accept, return and its review, extension, reply,
 *   the center's rejection of a reply, urging);
 * - order-callback.ts: the center's callback, the citizen's rating, reopen and review;
 * - order-clock.ts: the clock's bookkeeping of ladder steps.
 */
export const ORDER_STATUSES = ['dispatched', 'returned', 'accepted', 'replied', 'closed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Rating = (typeof RATINGS)[number];
export type CloseReason = 'satisfied' | 'basically_satisfied' | 'unsatisfied_reviewed' | 'unreachable';

/**
 * What the order's clock is enforcing now, and against whom: the court's reply, the center's
 * re-dispatch of a returned order, the center's callback, or a supervisor's review.
 */
export type Stage = 'reply' | 'redispatch' | 'callback' | 'review' | 'none';

export interface Actor {
  sub: string;
  role: Staff['role'] | 'system' | 'citizen';
  court: string | null;
}

export const SYSTEM: Actor = { sub: 'system', role: 'system', court: null };

/**
 * Every kind of line an order's history can hold, each written by one change: the API publishes
 * the list (HistoryEntry.action), and the desk must word every one of them.
 */
export const HISTORY_ACTIONS = [
  'created',
  'dispatched',
  'notified',
  'accepted',
  'returned',
  'return_approved',
  'return_rejected',
  'extension_requested',
  'extension_approved',
  'extension_rejected',
  'replied',
  'reply_accepted',
  'reply_rejected',
  'urged',
  'callback_unreached',
  'rated',
  'reopened',
  'review_requested',
  'closed',
  'warning',
  'escalated',
  'deadline_moved',
] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

export interface HistoryEntry {
  at: string;
  action: HistoryAction;
  by: Actor;
  note?: string;
  /** Facts of the step (court, deadline, level, rating ...) for readers and for the figures. */
  details?: Record<string, string | number | boolean | null>;
}

export interface Extension {
  reason: string;
  workingDays: number;
  status: 'pending' | 'approved' | 'rejected';
  requestedBy: string;
  requestedAt: string;
  decidedBy?: string;
  decidedAt?: string;
  note?: string;
}

export interface Order {
  orderId: string;
  requestId: string;
  trackingNo: string;
  category: Category;
  channel: Channel;
  /** The court that must act. */
  courtCode: string;
  /** The court the request is about; differs from courtCode when firewalled. */
  subjectCourtCode: string;
  firewalled: boolean;
  status: OrderStatus;
  createdAt: string;
  dispatchedAt: string;
  /** The court's reply deadline in the current round. */
  deadline: string;
  acceptedAt: string | null;
  repliedAt: string | null;
  repliedLate: boolean | null;
  answer: string | null;
  returnedAt: string | null;
  returnReason: string | null;
  extension: Extension | null;
  callbackDeadline: string | null;
  callbackAttempts: number;
  rating: Rating | null;
  closedAt: string | null;
  closeReason: CloseReason | null;
  reopenCount: number;
  /** Unsatisfied after the last reopen: waits for the superior court's supervisor. */
  reviewPending: boolean;
  /** The court supervising a reopened order. */
  supervisingCourtCode: string | null;
  /**
   * The current round already missed a deadline that an extension approved afterwards then moved:
   * lateness sticks (DOMAIN.md: an extension never makes a late round count as on time).
   * Absent on orders stored before the rule; read as false.
   */
  roundLate?: boolean;
  /**
   * An extension approved after the round's deadline: the ladder level the round had reached then.
   * The stage's ladder keeps it and goes on from the next level at the new deadline
   * (domain/ladder.ts#resumedLadderFor). Null or absent: the stage has its full ladder.
   */
  keptLevel?: 0 | 1 | 2 | 3 | null;
  /** Highest ladder level reached by the court's reply in the current round. */
  escalationLevel: 0 | 1 | 2 | 3;
  /** Highest ladder level reached by the center's callback. */
  callbackEscalationLevel: 0 | 1 | 2 | 3;
  stage: Stage;
  /** Bumped whenever a new stage starts; names the workflow execution that enforces it. */
  stageSeq: number;
  /** When the time allowed in this stage began (a round put back keeps its original start). */
  stageStartedAt: string;
  /** When the order entered this stage: its notice goes then. Absent on older orders (= stageStartedAt). */
  stageOpenedAt?: string;
  stageDeadline: string | null;
  /** Ladder steps already decided in this stage, and those whose emails are not yet confirmed sent. */
  stepsSent: ClockStep[];
  unsentSteps: ClockStep[];
  version: number;
  history: HistoryEntry[];
  /**
   * The idempotent call (services/call-context.ts: a hash, never the key) that created the order:
   * the same call run again after a crash finds its own order and answers as the first run did.
   */
  createdByCall?: string;
  /**
   * The last idempotent calls that changed the order, newest last (at most `CALLS_REMEMBERED`):
   * a change's call run again after a crash finds itself here and answers the order as it stands.
   */
  changedByCalls?: string[];
}

/** How many changing calls an order remembers: a crashed call is retried within its key's lease. */
export const CALLS_REMEMBERED = 20;

export interface OrderContext {
  now: Date;
  calendar: WorkingCalendar;
  courts: CourtDirectory;
}

/** What creating an order needs: who it is for, where it goes, and why it went there. */
export type NewOrder = Pick<
  Order,
  | 'orderId'
  | 'requestId'
  | 'trackingNo'
  | 'category'
  | 'channel'
  | 'courtCode'
  | 'subjectCourtCode'
  | 'firewalled'
> & { routingReason: string };

export const iso = (d: Date) => d.toISOString();

export function entry(
  ctx: OrderContext,
  by: Actor,
  action: HistoryAction,
  extra: Partial<HistoryEntry> = {},
): HistoryEntry {
  return { at: iso(ctx.now), action, by, ...extra };
}

/**
 * A new stage: the workflow execution for the previous one sees the new stageSeq and ends.
 * `startedAt` is when the time allowed began (a round put back keeps its original start, so its
 * ladder is the original one); `skip` names steps this stage must not send (an extended round is
 * announced as such, never as a new order); `keptLevel`, the level a late round keeps when an
 * extension moves its deadline (its ladder goes on from the next level).
 */
export function enterStage(
  order: Order,
  ctx: OrderContext,
  stage: Stage,
  deadline: Date | null,
  options: { startedAt?: string; skip?: ClockStep[]; keptLevel?: 0 | 1 | 2 | 3 } = {},
): Order {
  return {
    ...order,
    stage,
    stageSeq: order.stageSeq + 1,
    stageStartedAt: options.startedAt ?? iso(ctx.now),
    stageOpenedAt: iso(ctx.now),
    stageDeadline: deadline ? iso(deadline) : null,
    stepsSent: options.skip ?? [],
    unsentSteps: [],
    keptLevel: options.keptLevel ?? null,
  };
}

export function replyDeadline(ctx: OrderContext, category: Category): Date {
  return ctx.calendar.addWorkingDays(ctx.now, REPLY_WORKING_DAYS[category]);
}

export function basisNote(ctx: OrderContext, deadline: Date): Record<string, string> {
  const bases = ctx.calendar.basesBetween(ctx.now, deadline);
  return bases.includes('fallback') ? { calendar: 'fallback' } : {};
}

export function createOrder(input: NewOrder, ctx: OrderContext, by: Actor): Order {
  const deadline = replyDeadline(ctx, input.category);
  const now = iso(ctx.now);
  const base: Order = {
    orderId: input.orderId,
    requestId: input.requestId,
    trackingNo: input.trackingNo,
    category: input.category,
    channel: input.channel,
    courtCode: input.courtCode,
    subjectCourtCode: input.subjectCourtCode,
    firewalled: input.firewalled,
    status: 'dispatched',
    createdAt: now,
    dispatchedAt: now,
    deadline: iso(deadline),
    acceptedAt: null,
    repliedAt: null,
    repliedLate: null,
    answer: null,
    returnedAt: null,
    returnReason: null,
    extension: null,
    callbackDeadline: null,
    callbackAttempts: 0,
    rating: null,
    closedAt: null,
    closeReason: null,
    reopenCount: 0,
    reviewPending: false,
    supervisingCourtCode: null,
    roundLate: false,
    escalationLevel: 0,
    callbackEscalationLevel: 0,
    stage: 'reply',
    stageSeq: 1,
    stageStartedAt: now,
    stageOpenedAt: now,
    stageDeadline: iso(deadline),
    stepsSent: [],
    unsentSteps: [],
    version: 1,
    history: [],
  };
  base.history.push(
    entry(ctx, by, 'created', { details: { category: input.category, channel: input.channel } }),
    entry(ctx, by, 'dispatched', {
      note: input.routingReason,
      details: {
        courtCode: input.courtCode,
        deadline: iso(deadline),
        firewalled: input.firewalled,
        ...basisNote(ctx, deadline),
      },
    }),
  );
  return base;
}

export function requireStatus(order: Order, allowed: OrderStatus[], what: string): void {
  if (!allowed.includes(order.status)) {
    throw wrongState(`cannot ${what} an order that is ${order.status} (must be ${allowed.join(' or ')})`, [
      { status: order.status, allowed },
    ]);
  }
}

export function bump(order: Order, ...history: HistoryEntry[]): Order {
  return { ...order, version: order.version + 1, history: [...order.history, ...history] };
}

/**
 * Whether the court's current round is late at `now`: it missed its deadline, or missed one that
 * an extension approved too late then moved. The one rule for `late` in the API, the reply's
 * judgement and the figures.
 */
export function roundIsLate(order: Order, now: Date): boolean {
  return order.roundLate === true || now > new Date(order.deadline);
}

/** `late` as the API reports it: the court missed, or is missing, its reply deadline. */
export function isLate(order: Order, now: Date): boolean {
  if (order.repliedLate !== null) return order.repliedLate;
  if (order.status === 'dispatched' || order.status === 'accepted') return roundIsLate(order, now);
  return false;
}
