import type { Staff } from '../domain/access';
import { type Actor, CALLS_REMEMBERED, type Order, type OrderContext } from '../domain/order';
import { staleDays } from '../domain/stale-days';
import { currentCall } from './call-context';
import { orderContext, type Services } from './context';

/** Who a change is recorded as: the member of staff, or the citizen (rating by SMS link, access code). */
export function actorOf(staff: Staff | null): Actor {
  return staff
    ? { sub: staff.sub, role: staff.role, court: staff.court }
    : { sub: 'citizen', role: 'citizen', court: null };
}

/**
 * Applies one change to an order, judged against what is stored (see OrdersRepo.update), and
 * starts the workflow of the new stage when the change opened one.
 *
 * A call with an Idempotency-Key is recorded on the order in the same conditional write as its
 * change. If that call is run again (it crashed after the write, before its answer was kept, and
 * a retry came after the key's lease), it finds itself there and answers the order as it stands
 * instead of being judged again (an accept run twice would be a 409 "already accepted").
 *
 * A change that makes a past day's stored figures untrue (domain/stale-days.ts) marks that day for
 * the nightly rollup.
 *
 * It also stops the clock of the stage the order left (after the write: a clock that wakes first
 * finds the order gone from its stage and ends, sending nothing, so stopping it early changes no
 * step, only saves its transitions).
 */
export async function changeOrder(
  s: Services,
  orderId: string,
  authorize: (order: Order) => void,
  transition: (order: Order, ctx: OrderContext) => Order,
): Promise<Order> {
  // The stage the winning write started from (update() may re-read and re-apply after a race).
  let fromStage = 0;
  let rerun = false;
  const call = currentCall();
  const next = await s.orders.update(orderId, async (order) => {
    authorize(order);
    fromStage = order.stageSeq;
    rerun = call !== undefined && (order.changedByCalls?.includes(call.id) ?? false);
    if (rerun) return order;
    const ctx = orderContext(s);
    const changed = transition(order, ctx);
    // Marked before the change is written: a crash in between leaves a needless recompute, never
    // a stale day.
    const stale = staleDays(order, changed, ctx.now);
    if (stale.length > 0) await s.staleDays.mark(stale, ctx.now);
    if (!call || changed === order) return changed;
    return {
      ...changed,
      changedByCalls: [...(order.changedByCalls ?? []), call.id].slice(-CALLS_REMEMBERED),
    };
  });
  const leftStage = !rerun && (next.stageSeq !== fromStage || (next.status === 'closed' && fromStage > 0));
  // A re-run starts the stage's clock again too: the crash may have cut off that start (starts are idempotent).
  if ((rerun || next.stageSeq !== fromStage) && next.status !== 'closed')
    await s.workflows.start(next.orderId, next.stageSeq);
  if (leftStage) await stopQuietly(s, next.orderId, fromStage);
  return next;
}

/** A stop that fails costs only the transitions it would have saved: the change stands, the clock ends at its next wake. */
async function stopQuietly(s: Services, orderId: string, stageSeq: number): Promise<void> {
  try {
    await s.workflows.stopStage(orderId, stageSeq);
  } catch {
    // Deliberately ignored: see above.
  }
}
