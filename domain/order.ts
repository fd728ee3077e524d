import type { Staff } from './access';
import {
  CALLBACK_ATTEMPTS_BEFORE_SMS,
  CALLBACK_WORKING_DAYS,
  type Category,
  type Channel,
  MAX_EXTENSION_WORKING_DAYS,
  MAX_REOPENS,
  REDISPATCH_WORKING_DAYS,
  REPLY_WORKING_DAYS,
  RETURN_WINDOW_WORKING_DAYS,
} from './categories';
import type { CourtDirectory } from './courts';
import { invalid, wrongState } from './errors';
import { type ClockStep, STEP_LEVEL } from './ladder';
import { assertFirewallAllows } from './routing';
import type { WorkingCalendar } from './working-days';

/**
 * A work order and every change it can go through, as pure functions: each takes the order as
 * stored and returns the order as it must be stored next, with one more line of history. The
 * adapter writes that with one conditional put on `version`, so two changes racing on one order
 * cannot both win.
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

export interface HistoryEntry {
  at: string;
  action: string;
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
  /** Highest ladder level reached by the court's reply in the current round. */
  escalationLevel: 0 | 1 | 2 | 3;
  /** Highest ladder level reached by the center's callback. */
  callbackEscalationLevel: 0 | 1 | 2 | 3;
  stage: Stage;
  /** Bumped whenever a new stage starts; names the workflow execution that enforces it. */
  stageSeq: number;
  stageStartedAt: string;
  stageDeadline: string | null;
  /** Ladder steps already decided in this stage, and those whose emails are not yet confirmed sent. */
  stepsSent: ClockStep[];
  unsentSteps: ClockStep[];
  version: number;
  history: HistoryEntry[];
}

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

const iso = (d: Date) => d.toISOString();

function entry(
  ctx: OrderContext,
  by: Actor,
  action: string,
  extra: Partial<HistoryEntry> = {},
): HistoryEntry {
  return { at: iso(ctx.now), action, by, ...extra };
}

/** A new stage: the workflow execution for the previous one sees the new stageSeq and ends. */
function enterStage(order: Order, ctx: OrderContext, stage: Stage, deadline: Date | null): Order {
  return {
    ...order,
    stage,
    stageSeq: order.stageSeq + 1,
    stageStartedAt: iso(ctx.now),
    stageDeadline: deadline ? iso(deadline) : null,
    stepsSent: [],
    unsentSteps: [],
  };
}

function replyDeadline(ctx: OrderContext, category: Category): Date {
  return ctx.calendar.addWorkingDays(ctx.now, REPLY_WORKING_DAYS[category]);
}

function basisNote(ctx: OrderContext, deadline: Date): Record<string, string> {
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
    escalationLevel: 0,
    callbackEscalationLevel: 0,
    stage: 'reply',
    stageSeq: 1,
    stageStartedAt: now,
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

function requireStatus(order: Order, allowed: OrderStatus[], what: string): void {
  if (!allowed.includes(order.status)) {
    throw wrongState(`cannot ${what} an order that is ${order.status} (must be ${allowed.join(' or ')})`);
  }
}

function bump(order: Order, ...history: HistoryEntry[]): Order {
  return { ...order, version: order.version + 1, history: [...order.history, ...history] };
}

export function acceptOrder(order: Order, ctx: OrderContext, by: Actor): Order {
  requireStatus(order, ['dispatched'], 'accept');
  return bump({ ...order, status: 'accepted', acceptedAt: iso(ctx.now) }, entry(ctx, by, 'accepted'));
}

/** The end of the window in which a court may still return the order. */
export function returnWindowEnd(order: Order, ctx: OrderContext): Date {
  return ctx.calendar.addWorkingDays(new Date(order.dispatchedAt), RETURN_WINDOW_WORKING_DAYS);
}

export function returnOrder(order: Order, ctx: OrderContext, by: Actor, reason: string): Order {
  requireStatus(order, ['dispatched', 'accepted'], 'return');
  if (order.reopenCount > 0) throw wrongState('a reopened order cannot be returned');
  const windowEnd = returnWindowEnd(order, ctx);
  if (ctx.now > windowEnd) {
    throw wrongState(`the return window closed at ${iso(windowEnd)} (1 working day after dispatch)`);
  }
  const deadline = ctx.calendar.addWorkingDays(ctx.now, REDISPATCH_WORKING_DAYS);
  const next = enterStage(order, ctx, 'redispatch', deadline);
  return bump(
    { ...next, status: 'returned', returnedAt: iso(ctx.now), returnReason: reason, acceptedAt: null },
    entry(ctx, by, 'returned', { note: reason, details: { courtCode: order.courtCode } }),
  );
}

export function redispatchOrder(order: Order, ctx: OrderContext, by: Actor, courtCode: string): Order {
  requireStatus(order, ['returned'], 're-dispatch');
  if (!ctx.courts.find(courtCode)) throw invalid('unknown_court', `unknown court ${courtCode}`);
  assertFirewallAllows(ctx.courts, order.category, order.subjectCourtCode, courtCode);
  const deadline = replyDeadline(ctx, order.category);
  const next = enterStage(order, ctx, 'reply', deadline);
  return bump(
    {
      ...next,
      status: 'dispatched',
      courtCode,
      dispatchedAt: iso(ctx.now),
      deadline: iso(deadline),
      escalationLevel: 0,
    },
    entry(ctx, by, 'dispatched', {
      details: { courtCode, deadline: iso(deadline), ...basisNote(ctx, deadline) },
    }),
  );
}

export function requestExtension(
  order: Order,
  ctx: OrderContext,
  by: Actor,
  reason: string,
  workingDays: number,
): Order {
  requireStatus(order, ['dispatched', 'accepted'], 'extend');
  if (order.extension) throw wrongState('an order may ask for an extension only once');
  if (!Number.isInteger(workingDays) || workingDays < 1 || workingDays > MAX_EXTENSION_WORKING_DAYS) {
    throw invalid('invalid_extension', `workingDays must be 1..${MAX_EXTENSION_WORKING_DAYS}`);
  }
  const extension: Extension = {
    reason,
    workingDays,
    status: 'pending',
    requestedBy: by.sub,
    requestedAt: iso(ctx.now),
  };
  return bump(
    { ...order, extension },
    entry(ctx, by, 'extension_requested', { note: reason, details: { workingDays } }),
  );
}

export function decideExtension(
  order: Order,
  ctx: OrderContext,
  by: Actor,
  approved: boolean,
  note: string,
): Order {
  if (order.extension?.status !== 'pending') throw wrongState('there is no pending extension request');
  requireStatus(order, ['dispatched', 'accepted'], 'decide an extension of');
  if (order.extension.requestedBy === by.sub)
    throw wrongState('a supervisor cannot decide their own request');
  const decided: Extension = {
    ...order.extension,
    status: approved ? 'approved' : 'rejected',
    decidedBy: by.sub,
    decidedAt: iso(ctx.now),
    note,
  };
  if (!approved) {
    return bump({ ...order, extension: decided }, entry(ctx, by, 'extension_rejected', { note }));
  }
  const deadline = ctx.calendar.addWorkingDays(new Date(order.deadline), order.extension.workingDays);
  // A new deadline is a new ladder: what was sent for the old one stays in the history.
  const next = enterStage(order, ctx, 'reply', deadline);
  return bump(
    {
      ...next,
      extension: decided,
      deadline: iso(deadline),
      escalationLevel: 0,
      stageStartedAt: order.stageStartedAt,
    },
    entry(ctx, by, 'extension_approved', {
      note,
      details: { deadline: iso(deadline), ...basisNote(ctx, deadline) },
    }),
  );
}

export function replyToOrder(order: Order, ctx: OrderContext, by: Actor, answer: string): Order {
  requireStatus(order, ['accepted'], 'reply to');
  const late = ctx.now > new Date(order.deadline);
  const callbackDeadline = ctx.calendar.addWorkingDays(ctx.now, CALLBACK_WORKING_DAYS);
  const next = enterStage(order, ctx, 'callback', callbackDeadline);
  return bump(
    {
      ...next,
      status: 'replied',
      repliedAt: iso(ctx.now),
      repliedLate: late,
      answer,
      callbackDeadline: iso(callbackDeadline),
    },
    entry(ctx, by, 'replied', {
      details: { late, courtCode: order.courtCode, callbackDeadline: iso(callbackDeadline) },
    }),
  );
}

export interface CallbackResult {
  order: Order;
  /** True when this failed attempt is the one after which the citizen gets a rating SMS. */
  sendRatingSms: boolean;
}

export function recordFailedCallback(order: Order, ctx: OrderContext, by: Actor): CallbackResult {
  requireCallbackOpen(order);
  const attempts = order.callbackAttempts + 1;
  const next = bump(
    { ...order, callbackAttempts: attempts },
    entry(ctx, by, 'callback_unreached', { details: { attempt: attempts } }),
  );
  return { order: next, sendRatingSms: attempts === CALLBACK_ATTEMPTS_BEFORE_SMS };
}

function requireCallbackOpen(order: Order): void {
  requireStatus(order, ['replied'], 'call back');
  if (order.reviewPending) throw wrongState('the order awaits a supervisor review');
}

/**
 * The citizen's rating of the court's reply, whether the agent took it on the phone or the
 * citizen used the SMS link: satisfied closes; unsatisfied reopens the order under the superior
 * court's supervision, or, after the last reopen, sends it to a supervisor's review.
 */
export function rateOrder(
  order: Order,
  ctx: OrderContext,
  by: Actor,
  rating: Rating,
  source: 'callback' | 'sms',
  comment?: string,
): Order {
  requireCallbackOpen(order);
  // The citizen's comment stays with the order (shown to those who may read it), never in a log.
  const rated = entry(ctx, by, 'rated', {
    details: { rating, source },
    ...(comment ? { note: comment } : {}),
  });
  if (rating !== 'unsatisfied') {
    const next = enterStage(order, ctx, 'none', null);
    return bump(
      { ...next, rating, status: 'closed', closedAt: iso(ctx.now), closeReason: rating },
      rated,
      entry(ctx, by, 'closed', { details: { closeReason: rating } }),
    );
  }
  if (order.reopenCount >= MAX_REOPENS) {
    const reviewDeadline = ctx.calendar.addWorkingDays(ctx.now, REPLY_WORKING_DAYS.complaint);
    const next = enterStage(order, ctx, 'review', reviewDeadline);
    return bump(
      { ...next, rating, reviewPending: true },
      rated,
      entry(ctx, by, 'review_requested', { details: { deadline: iso(reviewDeadline) } }),
    );
  }
  const deadline = replyDeadline(ctx, order.category);
  const supervising = ctx.courts.superiorOf(order.courtCode).code;
  const next = enterStage(order, ctx, 'reply', deadline);
  return bump(
    {
      ...next,
      rating,
      status: 'dispatched',
      reopenCount: order.reopenCount + 1,
      supervisingCourtCode: supervising,
      dispatchedAt: iso(ctx.now),
      deadline: iso(deadline),
      acceptedAt: null,
      repliedAt: null,
      repliedLate: null,
      answer: null,
      callbackDeadline: null,
      callbackAttempts: 0,
      escalationLevel: 0,
      callbackEscalationLevel: 0,
    },
    rated,
    entry(ctx, by, 'reopened', {
      details: {
        reopenCount: order.reopenCount + 1,
        supervisingCourtCode: supervising,
        deadline: iso(deadline),
        ...basisNote(ctx, deadline),
      },
    }),
  );
}

export function reviewAndClose(order: Order, ctx: OrderContext, by: Actor, note: string): Order {
  if (order.status !== 'replied' || !order.reviewPending)
    throw wrongState('the order does not await a review');
  const next = enterStage(order, ctx, 'none', null);
  return bump(
    {
      ...next,
      reviewPending: false,
      status: 'closed',
      closedAt: iso(ctx.now),
      closeReason: 'unsatisfied_reviewed',
    },
    entry(ctx, by, 'closed', { note, details: { closeReason: 'unsatisfied_reviewed' } }),
  );
}

/** At the callback deadline, after the rating SMS went unanswered: closed as unreachable. */
export function closeUnreachable(order: Order, ctx: OrderContext): Order {
  requireCallbackOpen(order);
  const next = enterStage(order, ctx, 'none', null);
  return bump(
    { ...next, status: 'closed', closedAt: iso(ctx.now), closeReason: 'unreachable' },
    entry(ctx, SYSTEM, 'closed', {
      details: { closeReason: 'unreachable', attempts: order.callbackAttempts },
    }),
  );
}

/** The citizen could not be reached often enough that an unanswered deadline closes the order. */
export function callbackGaveUp(order: Order): boolean {
  return order.callbackAttempts >= CALLBACK_ATTEMPTS_BEFORE_SMS;
}

/** Records a ladder step as decided (its emails still to be confirmed sent). */
export function recordEscalation(
  order: Order,
  ctx: OrderContext,
  step: ClockStep,
  recipients: number,
): Order {
  if (order.stepsSent.includes(step)) return order;
  const level = STEP_LEVEL[step];
  const raise = <L extends 0 | 1 | 2 | 3>(current: L) => (level > current ? level : current) as 0 | 1 | 2 | 3;
  const levels =
    order.stage === 'callback'
      ? { callbackEscalationLevel: raise(order.callbackEscalationLevel) }
      : order.stage === 'reply'
        ? { escalationLevel: raise(order.escalationLevel) }
        : {};
  return bump(
    { ...order, ...levels, stepsSent: [...order.stepsSent, step], unsentSteps: [...order.unsentSteps, step] },
    entry(ctx, SYSTEM, step === 'notice' ? 'notified' : step === 'warning' ? 'warning' : 'escalated', {
      details: {
        stage: order.stage,
        level,
        courtCode: order.courtCode,
        deadline: order.stageDeadline,
        recipients,
      },
    }),
  );
}

export function markEscalationSent(order: Order, step: ClockStep): Order {
  if (!order.unsentSteps.includes(step)) return order;
  return { ...order, version: order.version + 1, unsentSteps: order.unsentSteps.filter((s) => s !== step) };
}

/** `late` as the API reports it: the court missed, or is missing, its reply deadline. */
export function isLate(order: Order, now: Date): boolean {
  if (order.repliedLate !== null) return order.repliedLate;
  if (order.status === 'dispatched' || order.status === 'accepted') return now > new Date(order.deadline);
  return false;
}
