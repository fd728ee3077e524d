import { type ClockStep, STEP_LEVEL } from './ladder';
import { bump, entry, type Order, type OrderContext, SYSTEM } from './order';

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
