import type { OrderListQuery } from '../adapters/dynamo/orders-repo';
import type { Staff } from '../domain/access';
import { notFound } from '../domain/errors';
import {
  acceptOrder,
  decideExtension,
  type Order,
  type Rating,
  rateOrder,
  recordFailedCallback,
  redispatchOrder,
  replyToOrder,
  requestExtension,
  returnOrder,
  reviewAndClose,
} from '../domain/order';
import { actorOf, changeOrder } from './change-order';
import type { Services } from './context';
import { sendRatingSms } from './rating-sms';

export async function readOrder(s: Services, staff: Staff, orderId: string): Promise<Order> {
  const order = await s.orders.get(orderId);
  // Another court's order is as good as absent: its existence is not the caller's to learn.
  if (!order || !s.access.canRead(staff, order.courtCode)) throw notFound('order');
  return order;
}

export async function listOrders(
  s: Services,
  staff: Staff,
  query: Omit<OrderListQuery, 'scopeCourt' | 'subtree'> & { courtCode?: string | undefined },
) {
  if (query.courtCode !== undefined && !s.courts.find(query.courtCode)) throw notFound('court');
  const scope = s.access.listScope(staff, query.courtCode);
  const page = await s.orders.list({ ...query, scopeCourt: scope.court, subtree: scope.subtree });
  // The index chose the court; the rule of who sees what is checked on every item all the same.
  return { ...page, items: page.items.filter((o) => s.access.canRead(staff, o.courtCode)) };
}

export const accept = (s: Services, staff: Staff, orderId: string) =>
  changeOrder(
    s,
    orderId,
    (o) => s.access.assertCourtActor(staff, o.courtCode),
    (o, ctx) => acceptOrder(o, ctx, actorOf(staff)),
  );

export const giveBack = (s: Services, staff: Staff, orderId: string, reason: string) =>
  changeOrder(
    s,
    orderId,
    (o) => s.access.assertCourtActor(staff, o.courtCode),
    (o, ctx) => returnOrder(o, ctx, actorOf(staff), reason),
  );

export const redispatch = (s: Services, staff: Staff, orderId: string, courtCode: string) =>
  changeOrder(
    s,
    orderId,
    (o) => s.access.assertAgent(staff, o.courtCode),
    (o, ctx) => redispatchOrder(o, ctx, actorOf(staff), courtCode),
  );

export const askExtension = (
  s: Services,
  staff: Staff,
  orderId: string,
  reason: string,
  workingDays: number,
) =>
  changeOrder(
    s,
    orderId,
    (o) => s.access.assertCourtActor(staff, o.courtCode),
    (o, ctx) => requestExtension(o, ctx, actorOf(staff), reason, workingDays),
  );

export const decide = (s: Services, staff: Staff, orderId: string, approved: boolean, note: string) =>
  changeOrder(
    s,
    orderId,
    (o) => s.access.assertSupervisorOver(staff, o.courtCode),
    (o, ctx) => decideExtension(o, ctx, actorOf(staff), approved, note),
  );

export const reply = (s: Services, staff: Staff, orderId: string, answer: string) =>
  changeOrder(
    s,
    orderId,
    (o) => s.access.assertCourtActor(staff, o.courtCode),
    (o, ctx) => replyToOrder(o, ctx, actorOf(staff), answer),
  );

export const review = (s: Services, staff: Staff, orderId: string, note: string) =>
  changeOrder(
    s,
    orderId,
    (o) => s.access.assertSuperiorSupervisor(staff, o.courtCode),
    (o, ctx) => reviewAndClose(o, ctx, actorOf(staff), note),
  );

export interface CallbackInput {
  reached: boolean;
  rating?: Rating | undefined;
  comment?: string | undefined;
}

/** The center's callback: a failed attempt is counted (the third sends the rating SMS); a reached citizen rates. */
export async function callback(
  s: Services,
  staff: Staff,
  orderId: string,
  input: CallbackInput,
): Promise<Order> {
  if (input.reached) {
    const rating = input.rating!;
    return changeOrder(
      s,
      orderId,
      (o) => s.access.assertAgent(staff, o.courtCode),
      (o, ctx) => rateOrder(o, ctx, actorOf(staff), rating, 'callback', input.comment),
    );
  }
  let smsDue = false;
  const next = await changeOrder(
    s,
    orderId,
    (o) => s.access.assertAgent(staff, o.courtCode),
    (o, ctx) => {
      const result = recordFailedCallback(o, ctx, actorOf(staff));
      smsDue = result.sendRatingSms;
      return result.order;
    },
  );
  if (smsDue) await sendRatingSms(s, next);
  return next;
}
