import { CALLBACK_WORKING_DAYS, REDISPATCH_WORKING_DAYS, REPLY_WORKING_DAYS } from './categories';
import { type ClockStep, STEP_LEVEL } from './ladder';
import { bump, entry, iso, type Order, type OrderContext, SYSTEM } from './order';

/**
 * The order clock's bookkeeping: which ladder steps of the current stage were decided, and which
 * of their emails are confirmed sent (services/escalations.ts sends them).
 */

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

/**
 * The deadlines an open order would have under `ctx.calendar` (a newly loaded year), computed by
 * the same rules that set them: the round from its dispatch or reopen (the category's working
 * days), plus an extension approved in the round; the callback from the reply; a re-dispatch from
 * the return; a review from its request. Only deadlines still ahead move, and only to a time
 * still ahead (DOMAIN.md, working days); the ladder follows the stage's deadline. Recomputing is idempotent, so loading a year twice (or again after a crash)
 * moves nothing twice. Returns the order unchanged when nothing moves.
 */
export function rescheduleForCalendar(order: Order, ctx: OrderContext, year: number): Order {
  if (order.status === 'closed' || order.stage === 'none' || !order.stageDeadline) return order;
  const future = (iso: string | null) => iso !== null && new Date(iso) > ctx.now;
  const round = order.status === 'replied' ? null : roundDeadline(order, ctx);
  const stageFrom = new Date(order.stageOpenedAt ?? order.stageStartedAt);
  const stage =
    order.stage === 'reply'
      ? round
      : order.stage === 'callback'
        ? ctx.calendar.addWorkingDays(new Date(order.repliedAt ?? stageFrom), CALLBACK_WORKING_DAYS)
        : order.stage === 'redispatch'
          ? ctx.calendar.addWorkingDays(new Date(order.returnedAt ?? stageFrom), REDISPATCH_WORKING_DAYS)
          : ctx.calendar.addWorkingDays(stageFrom, REPLY_WORKING_DAYS.complaint);
  // A load never makes an order late after the fact: a deadline it would move into the past (a
  // make-up working day already gone) stays where it was.
  const ahead = (d: Date | null): d is Date => d !== null && d > ctx.now;
  const roundMoves = ahead(round) && future(order.deadline) && iso(round) !== order.deadline;
  const stageMoves = ahead(stage) && future(order.stageDeadline) && iso(stage) !== order.stageDeadline;
  if (!roundMoves && !stageMoves) return order;
  const stageDeadline = stageMoves ? iso(stage) : order.stageDeadline;
  return bump(
    {
      ...order,
      deadline: roundMoves ? iso(round) : order.deadline,
      stageDeadline,
      callbackDeadline: order.stage === 'callback' ? stageDeadline : order.callbackDeadline,
      // A new execution of the same stage, so the clock wakes at the new times; what was already
      // sent stays sent.
      stageSeq: stageMoves ? order.stageSeq + 1 : order.stageSeq,
    },
    entry(ctx, SYSTEM, 'deadline_moved', {
      note: `国务院公布${year}年节假日安排`,
      details: {
        year,
        stage: order.stage,
        round: roundMoves,
        previousDeadline: roundMoves ? order.deadline : order.stageDeadline,
        deadline: roundMoves ? iso(round) : stageDeadline,
        stageDeadline,
        calendar: ctx.calendar.basisOf(year),
      },
    }),
  );
}

/** The round's deadline by its rules: from its dispatch or reopen, plus an extension approved in it. */
function roundDeadline(order: Order, ctx: OrderContext): Date | null {
  const opened = order.history.findLastIndex((h) => h.action === 'dispatched' || h.action === 'reopened');
  const line = order.history[opened];
  if (!line) return null;
  let deadline = ctx.calendar.addWorkingDays(new Date(line.at), REPLY_WORKING_DAYS[order.category]);
  const extended = order.history.slice(opened).some((h) => h.action === 'extension_approved');
  if (extended && order.extension?.status === 'approved')
    deadline = ctx.calendar.addWorkingDays(deadline, order.extension.workingDays);
  return deadline;
}
