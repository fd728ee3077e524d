import type { Staff } from '../domain/access';
import type { Actor, Order, OrderContext } from '../domain/order';
import { orderContext, type Services } from './context';

/** Who a change is recorded as: the member of staff, or the citizen (rating by SMS link, access code). */
export function actorOf(staff: Staff | null): Actor {
  return staff
    ? { sub: staff.sub, role: staff.role, court: staff.court }
    : { sub: 'citizen', role: 'citizen', court: null };
}

/**
 * Applies one change to an order, judged against what is stored (see OrdersRepo.update), starts
 * the workflow of the new stage when the change opened one, and stops the clock of the stage the
 * order left (after the write: a clock that wakes first finds the order gone from its stage and
 * ends, sending nothing, so stopping it early changes no step, only saves its transitions).
 */
export async function changeOrder(
  s: Services,
  orderId: string,
  authorize: (order: Order) => void,
  transition: (order: Order, ctx: OrderContext) => Order,
): Promise<Order> {
  // The stage the winning write started from (update() may re-read and re-apply after a race).
  let fromStage = 0;
  const next = await s.orders.update(orderId, (order) => {
    authorize(order);
    fromStage = order.stageSeq;
    return transition(order, orderContext(s));
  });
  const leftStage = next.stageSeq !== fromStage || (next.status === 'closed' && fromStage > 0);
  if (next.stageSeq !== fromStage && next.status !== 'closed')
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
