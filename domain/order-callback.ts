import { CALLBACK_ATTEMPTS_BEFORE_SMS, MAX_REOPENS, REPLY_WORKING_DAYS } from './categories';
import { wrongState } from './errors';
import {
  type Actor,
  basisNote,
  bump,
  enterStage,
  entry,
  iso,
  type Order,
  type OrderContext,
  type Rating,
  replyDeadline,
  requireStatus,
  SYSTEM,
} from './order';

/**
 * The center's side of an answered order: calling the citizen back, the rating that closes or
 * reopens it, the supervisor's review after the last reopen, and closing it as unreachable.
 */

export interface CallbackResult {
  order: Order;
  /** True when this failed attempt is the one after which the citizen gets a rating SMS. */
  sendRatingSms: boolean;
}

export function recordFailedCallback(order: Order, ctx: OrderContext, by: Actor): CallbackResult {
  requireCallbackOpen(order);
  const attempts = order.callbackAttempts + 1;
  const sendRatingSms = attempts === CALLBACK_ATTEMPTS_BEFORE_SMS;
  // The line says the SMS goes out, so that the agent who made this attempt is told so.
  const next = bump(
    { ...order, callbackAttempts: attempts },
    entry(ctx, by, 'callback_unreached', {
      details: { attempt: attempts, ...(sendRatingSms ? { ratingSms: true } : {}) },
    }),
  );
  return { order: next, sendRatingSms };
}

/** The center calls back a replied order, unless it awaits a supervisor's review. */
export function requireCallbackOpen(order: Order): void {
  requireStatus(order, ['replied'], 'call back');
  if (order.reviewPending) throw wrongState('the order awaits a supervisor review', [], 'review_pending');
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
      // A reopen is a new round: lateness stuck to the last one stays with it.
      roundLate: false,
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

export function assertReviewPending(order: Order): void {
  if (order.status !== 'replied' || !order.reviewPending)
    throw wrongState('the order does not await a review');
}

export function reviewAndClose(order: Order, ctx: OrderContext, by: Actor, note: string): Order {
  assertReviewPending(order);
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
