import {
  CALLBACK_WORKING_DAYS,
  MAX_EXTENSION_WORKING_DAYS,
  REDISPATCH_WORKING_DAYS,
  RETURN_WINDOW_WORKING_DAYS,
} from './categories';
import { invalid, Refusal, wrongState } from './errors';
import {
  type Actor,
  basisNote,
  bump,
  type Extension,
  enterStage,
  entry,
  iso,
  type Order,
  type OrderContext,
  replyDeadline,
  requireStatus,
  roundIsLate,
} from './order';
import { assertFirewallAllows, assertTakesOrders } from './routing';

/**
 * The court's reply round: what the court does with an order (sign, return, ask for time, reply)
 * and what the center does to the round (review a return, reject a reply, urge). A round is
 * judged once, against the deadline it was given: nothing the court asks for afterwards, and no
 * return it makes, can turn a late round into an on-time one.
 */

/*
 * Each change below starts with its guard, exported so that domain/order-actions.ts offers an
 * action exactly when the change would be allowed: one rule, judged the same way for both.
 */

export function assertAcceptable(order: Order): void {
  requireStatus(order, ['dispatched'], 'accept');
}

export function acceptOrder(order: Order, ctx: OrderContext, by: Actor): Order {
  assertAcceptable(order);
  return bump({ ...order, status: 'accepted', acceptedAt: iso(ctx.now) }, entry(ctx, by, 'accepted'));
}

/** The end of the window in which a court may still return the order. */
export function returnWindowEnd(order: Order, ctx: OrderContext): Date {
  return ctx.calendar.addWorkingDays(new Date(order.dispatchedAt), RETURN_WINDOW_WORKING_DAYS);
}

/** A court may return an order of the first round, within a working day of its dispatch. */
export function assertReturnable(order: Order, ctx: OrderContext): void {
  requireStatus(order, ['dispatched', 'accepted'], 'return');
  if (order.reopenCount > 0) throw wrongState('a reopened order cannot be returned');
  const windowEnd = returnWindowEnd(order, ctx);
  if (ctx.now > windowEnd) {
    throw wrongState(
      `the return window closed at ${iso(windowEnd)} (1 working day after dispatch)`,
      [{ closedAt: iso(windowEnd) }],
      'return_window_closed',
    );
  }
}

/**
 * A court sends a wrongly routed order back to the center. The order keeps its court and its
 * deadline: the center's review decides whether the round is over (approved, another court) or
 * goes on where it was (rejected).
 */
export function returnOrder(order: Order, ctx: OrderContext, by: Actor, reason: string): Order {
  assertReturnable(order, ctx);
  const deadline = ctx.calendar.addWorkingDays(ctx.now, REDISPATCH_WORKING_DAYS);
  const next = enterStage(order, ctx, 'redispatch', deadline);
  return bump(
    { ...next, status: 'returned', returnedAt: iso(ctx.now), returnReason: reason, acceptedAt: null },
    entry(ctx, by, 'returned', { note: reason, details: { courtCode: order.courtCode } }),
  );
}

export interface ReturnDecision {
  approved: boolean;
  note: string;
  /** Where an approved return goes: another court than the one that returned it. */
  courtCode?: string | undefined;
}

/**
 * The center's review of a return (退单审核). Approved: the order goes to another court, a new
 * round with a new deadline, and the returned round is never judged. Rejected: the order goes back
 * to the court that returned it, with its original deadline (late at once if that has passed).
 */
export function assertReturnPending(order: Order): void {
  requireStatus(order, ['returned'], 'review the return of');
}

export function decideReturn(order: Order, ctx: OrderContext, by: Actor, decision: ReturnDecision): Order {
  assertReturnPending(order);
  if (!decision.approved) return putBack(order, ctx, by, decision.note);
  if (!decision.courtCode) throw invalid('court_required', 'an approved return names the court it goes to');
  return redispatchOrder(order, ctx, by, decision.courtCode, decision.note);
}

/**
 * Re-dispatch of a returned order (`POST …/dispatch`, or an approved return). Sending it back to
 * the court that returned it is a rejected return, whatever the route: the clock does not start
 * again for a court by returning an order to itself.
 */
export function redispatchOrder(
  order: Order,
  ctx: OrderContext,
  by: Actor,
  courtCode: string,
  note?: string,
): Order {
  requireStatus(order, ['returned'], 're-dispatch');
  if (courtCode !== order.courtCode) assertTakesOrders(ctx.courts, courtCode);
  else if (!ctx.courts.find(courtCode)) throw invalid('unknown_court', `unknown court ${courtCode}`);
  if (courtCode === order.courtCode) return putBack(order, ctx, by, note ?? '重新派回原承办法院');
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
      roundLate: false,
      extension: null,
    },
    entry(ctx, by, 'return_approved', {
      ...(note ? { note } : {}),
      details: { courtCode: order.courtCode },
    }),
    entry(ctx, by, 'dispatched', {
      details: { courtCode, deadline: iso(deadline), ...basisNote(ctx, deadline) },
    }),
  );
}

/** The round goes on at the same court, from where it stood: same start, same deadline. */
function putBack(order: Order, ctx: OrderContext, by: Actor, note: string): Order {
  const deadline = new Date(order.deadline);
  const next = enterStage(order, ctx, 'reply', deadline, { startedAt: order.dispatchedAt });
  return bump(
    { ...next, status: 'dispatched' },
    entry(ctx, by, 'return_rejected', {
      note,
      details: { courtCode: order.courtCode, deadline: order.deadline, late: roundIsLate(order, ctx.now) },
    }),
  );
}

/** One extension per order, asked while the round is still on time. */
export function assertExtensionAskable(order: Order, ctx: OrderContext): void {
  requireStatus(order, ['dispatched', 'accepted'], 'extend');
  if (order.extension) throw wrongState('an order may ask for an extension only once', [], 'extension_asked');
  // More time is asked for before the time is up; after it, the round is late and stays so.
  if (roundIsLate(order, ctx.now)) {
    throw new Refusal(
      'conflict',
      'too_late',
      `an extension is asked before the deadline (${order.deadline})`,
      [{ deadline: order.deadline }],
    );
  }
}

export function requestExtension(
  order: Order,
  ctx: OrderContext,
  by: Actor,
  reason: string,
  workingDays: number,
): Order {
  assertExtensionAskable(order, ctx);
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

/** A pending extension, decided by anyone but the one who asked for it. */
export function assertExtensionDecidable(order: Order, by: Actor): Extension {
  if (order.extension?.status !== 'pending') throw wrongState('there is no pending extension request');
  requireStatus(order, ['dispatched', 'accepted'], 'decide an extension of');
  if (order.extension.requestedBy === by.sub)
    throw wrongState('a supervisor cannot decide their own request');
  return order.extension;
}

/**
 * A supervisor's decision on the extension. Approved, the deadline moves forward; if the round
 * had already missed its deadline when the decision came, it stays late (and keeps its ladder
 * level): the figures judge it against the deadline it missed.
 */
export function decideExtension(
  order: Order,
  ctx: OrderContext,
  by: Actor,
  approved: boolean,
  note: string,
): Order {
  const pending = assertExtensionDecidable(order, by);
  const decided: Extension = {
    ...pending,
    status: approved ? 'approved' : 'rejected',
    decidedBy: by.sub,
    decidedAt: iso(ctx.now),
    note,
  };
  if (!approved) {
    return bump({ ...order, extension: decided }, entry(ctx, by, 'extension_rejected', { note }));
  }
  const alreadyLate = roundIsLate(order, ctx.now);
  const deadline = ctx.calendar.addWorkingDays(new Date(order.deadline), pending.workingDays);
  // A new deadline is a new ladder (what was sent for the old one stays in the history), but not a
  // new order: the court is told of the approval, never sent a second 【新工单】. A round already
  // late keeps its lateness and its level: its ladder neither restarts nor climbs while the
  // extension runs, and goes on from the next level if the new deadline is missed too.
  const next = enterStage(order, ctx, 'reply', deadline, {
    startedAt: order.stageStartedAt,
    skip: ['notice'],
    ...(alreadyLate ? { keptLevel: order.escalationLevel } : {}),
  });
  return bump(
    { ...next, extension: decided, deadline: iso(deadline), roundLate: alreadyLate },
    entry(ctx, by, 'extension_approved', {
      note,
      details: {
        deadline: iso(deadline),
        previousDeadline: order.deadline,
        late: alreadyLate,
        ...basisNote(ctx, deadline),
      },
    }),
  );
}

export function assertReplyable(order: Order): void {
  requireStatus(order, ['accepted'], 'reply to');
}

export function replyToOrder(order: Order, ctx: OrderContext, by: Actor, answer: string): Order {
  assertReplyable(order);
  const late = roundIsLate(order, ctx.now);
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

/** The center judges a reply before its callback, unless the order awaits a supervisor's review. */
export function assertReplyJudgeable(order: Order, what = 'judge the reply of'): void {
  requireStatus(order, ['replied'], what);
  if (order.reviewPending) throw wrongState('the order awaits a supervisor review', [], 'review_pending');
}

/**
 * The center finds the court's reply inadequate (答复不合格) before calling the citizen back: the
 * round reopens at the court with its original start and deadline (late at once if that has
 * passed). The round is judged by the reply that finally stands.
 */
export function rejectReply(order: Order, ctx: OrderContext, by: Actor, reason: string): Order {
  assertReplyJudgeable(order, 'reject the reply of');
  const deadline = new Date(order.deadline);
  const next = enterStage(order, ctx, 'reply', deadline, { startedAt: order.dispatchedAt });
  return bump(
    {
      ...next,
      status: 'accepted',
      repliedAt: null,
      repliedLate: null,
      answer: null,
      callbackDeadline: null,
      callbackAttempts: 0,
      callbackEscalationLevel: 0,
    },
    entry(ctx, by, 'reply_rejected', {
      note: reason,
      details: { courtCode: order.courtCode, deadline: order.deadline, late: roundIsLate(order, ctx.now) },
    }),
  );
}

/** The center accepts the court's reply as adequate: a line of history, the callback goes on. */
export function acceptReply(order: Order, ctx: OrderContext, by: Actor, note: string): Order {
  assertReplyJudgeable(order, 'accept the reply of');
  return bump(order, entry(ctx, by, 'reply_accepted', note ? { note } : {}));
}

/** 催办: the center urges the court on an order it has in hand; the email goes out at once. */
export function assertUrgeable(order: Order): void {
  requireStatus(order, ['dispatched', 'accepted'], 'urge');
}

export function urgeOrder(order: Order, ctx: OrderContext, by: Actor, note: string): Order {
  assertUrgeable(order);
  return bump(order, entry(ctx, by, 'urged', { note, details: { courtCode: order.courtCode } }));
}
