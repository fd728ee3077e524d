import {
  type ClockStep,
  ladderFor,
  resumedLadderFor,
  type ScheduledStep,
  STEP_LEVEL,
} from '../domain/ladder';
import type { Order } from '../domain/order';
import { callbackGaveUp, closeUnreachable } from '../domain/order-callback';
import { markEscalationSent, recordEscalation } from '../domain/order-clock';
import { audiencesFor } from '../domain/recipients';
import { syncCalendar } from './calendar';
import { orderContext, type Services } from './context';
import { escalationMail, staffFor } from './escalation-mail';

/** What the workflow does next (end, or wait until `until` and tick again), and the steps this tick sent. */
export type TickResult = ({ done: true } | { done: false; until: string }) & { sent: ClockStep[] };

/**
 * One tick of an order's clock, the only task of the workflow. The database is the truth: the
 * tick reads the order, sends every step of the current stage that has fallen due and was not
 * sent, and says when the next one falls due. Run twice, or after a restart, it sends nothing
 * twice; an execution for a stage the order has left ends at once.
 */
export async function tick(s: Services, orderId: string, stageSeq: number): Promise<TickResult> {
  const sent: ClockStep[] = [];
  await syncCalendar(s);
  let order = await s.orders.get(orderId);
  const current = (o: Order | null): o is Order =>
    !!o && o.stageSeq === stageSeq && o.status !== 'closed' && o.stage !== 'none';
  if (!current(order)) return { done: true, sent };

  // Emails decided before a crash but not confirmed sent go out first.
  for (const step of order.unsentSteps) order = await send(s, order, step);

  for (const item of schedule(s, order)) {
    if (item.sendAt > s.clock.now()) return { done: false, until: item.sendAt.toISOString(), sent };
    if (order.stepsSent.includes(item.step)) continue;
    if (order.stage === 'callback' && STEP_LEVEL[item.step] >= 1 && callbackGaveUp(order)) {
      await s.orders.update(orderId, (o) => (current(o) ? closeUnreachable(o, orderContext(s)) : o));
      return { done: true, sent };
    }
    const recipients = recipientsFor(s, order, item.step);
    const step = item.step;
    order = await s.orders.update(orderId, (o) =>
      current(o) ? recordEscalation(o, orderContext(s), step, recipients.length) : o,
    );
    if (!current(order)) return { done: true, sent };
    order = await send(s, order, step);
    sent.push(step);
  }
  return { done: true, sent };
}

function schedule(s: Services, order: Order): ScheduledStep[] {
  if (!order.stageDeadline) return [];
  const start = new Date(order.stageStartedAt);
  const deadline = new Date(order.stageDeadline);
  const ladder =
    order.keptLevel != null
      ? resumedLadderFor(s.calendar, deadline, order.keptLevel)
      : ladderFor(s.calendar, start, deadline);
  if (order.stage !== 'reply' && order.stage !== 'review') return ladder;
  // A court learns of a new (or reopened, or put back) round as it begins, and the supervisors
  // who must close a review learn of it at once. A round put back keeps its original start: the
  // notice then goes now, not at that start.
  const noticeAt = new Date(order.stageOpenedAt ?? order.stageStartedAt);
  return [{ step: 'notice', at: noticeAt, sendAt: s.calendar.nextWorkingMoment(noticeAt) }, ...ladder];
}

async function send(s: Services, order: Order, step: ClockStep): Promise<Order> {
  const recipients = recipientsFor(s, order, step);
  if (recipients.length > 0) {
    await s.mailer.send(
      escalationMail(
        s,
        order,
        step,
        recipients.map((r) => r.email),
      ),
    );
  }
  return s.orders.update(order.orderId, (o) => markEscalationSent(o, step));
}

/** Who hears of each step: domain/recipients.ts, resolved against the staff directory. */
function recipientsFor(s: Services, order: Order, step: ClockStep) {
  return staffFor(s, audiencesFor(s.courts, order, step));
}
