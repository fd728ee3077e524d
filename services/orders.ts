import type { OrderListQuery } from '../adapters/dynamo/orders-repo';
import type { Staff } from '../domain/access';
import { notFound } from '../domain/errors';
import type { Order, Rating } from '../domain/order';
import { actionsFor, authorizeAction, type OrderAction } from '../domain/order-actions';
import { rateOrder, recordFailedCallback, reviewAndClose } from '../domain/order-callback';
import {
  acceptOrder,
  acceptReply,
  decideExtension,
  decideReturn,
  type ReturnDecision,
  redispatchOrder,
  rejectReply,
  replyToOrder,
  requestExtension,
  returnOrder,
  urgeOrder,
} from '../domain/order-round';
import {
  type Audience,
  courtAudiences,
  extensionAudiences,
  extensionRequestAudiences,
} from '../domain/recipients';
import { syncCalendar } from './calendar';
import { actorOf, changeOrder } from './change-order';
import { orderContext, type Services } from './context';
import { syncDirectory } from './directory';
import { type AnnouncementKind, announcementMail, staffFor } from './escalation-mail';
import { sendRatingSms } from './rating-sms';

/** The route's check of who may take `action` (domain/order-actions.ts: the same rule offers it). */
const may = (s: Services, staff: Staff, action: OrderAction) => (order: Order) =>
  authorizeAction(s.access, staff, order, action);

/**
 * What `staff` may do to an order now, for the order view: judged by the same rules as the
 * changes, against a calendar brought up to date as a change's would be.
 */
export async function offeredActions(s: Services, staff: Staff, order: Order): Promise<OrderAction[]> {
  await syncCalendar(s);
  return actionsFor(s.access, staff, order, orderContext(s));
}

/** Every change may compute a deadline: the calendar is brought up to the years loaded at run time first. */
async function change(...args: Parameters<typeof changeOrder>): Promise<Order> {
  await syncCalendar(args[0]);
  return changeOrder(...args);
}

export async function readOrder(s: Services, staff: Staff, orderId: string): Promise<Order> {
  const order = await s.orders.get(orderId);
  // Another court's order is as good as absent: its existence is not the caller's to learn.
  if (!order || !s.access.canRead(staff, order)) throw notFound('order');
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
  return { ...page, items: page.items.filter((o) => s.access.canRead(staff, o)) };
}

export const accept = (s: Services, staff: Staff, orderId: string) =>
  change(s, orderId, may(s, staff, 'accept'), (o, ctx) => acceptOrder(o, ctx, actorOf(staff)));

export const giveBack = (s: Services, staff: Staff, orderId: string, reason: string) =>
  change(s, orderId, may(s, staff, 'return'), (o, ctx) => returnOrder(o, ctx, actorOf(staff), reason));

/**
 * An order sent to a court by hand checks the directory as it stands this instant (one small
 * read): a court merged a moment ago by another process is refused, never sent the order.
 */
export const redispatch = async (s: Services, staff: Staff, orderId: string, courtCode: string) => {
  await syncDirectory(s, { fresh: true });
  return change(s, orderId, may(s, staff, 'decideReturn'), (o, ctx) =>
    redispatchOrder(o, ctx, actorOf(staff), courtCode),
  );
};

/** The center's review of a court's return (退单审核): approved to another court (as `redispatch`), or rejected. */
export const reviewReturn = async (s: Services, staff: Staff, orderId: string, decision: ReturnDecision) => {
  await syncDirectory(s, { fresh: true });
  return change(s, orderId, may(s, staff, 'decideReturn'), (o, ctx) =>
    decideReturn(o, ctx, actorOf(staff), decision),
  );
};

/** A court asks for more time; the supervisors who may approve it are emailed at once. */
export async function askExtension(
  s: Services,
  staff: Staff,
  orderId: string,
  reason: string,
  workingDays: number,
): Promise<Order> {
  const order = await change(s, orderId, may(s, staff, 'extension'), (o, ctx) =>
    requestExtension(o, ctx, actorOf(staff), reason, workingDays),
  );
  await announce(s, order, 'extension_requested', extensionRequestAudiences(order), reason);
  return order;
}

/** A supervisor decides an extension; the court hears of the decision at once, either way. */
export async function decide(
  s: Services,
  staff: Staff,
  orderId: string,
  approved: boolean,
  note: string,
): Promise<Order> {
  const order = await change(s, orderId, may(s, staff, 'decideExtension'), (o, ctx) =>
    decideExtension(o, ctx, actorOf(staff), approved, note),
  );
  await announce(
    s,
    order,
    approved ? 'extension_approved' : 'extension_rejected',
    extensionAudiences(order),
    note,
  );
  return order;
}

/**
 * The center's verdict on a court's reply before the callback: accepted, a line of history;
 * rejected (答复不合格), the round reopens at the court with its original deadline.
 */
export const decideReply = (
  s: Services,
  staff: Staff,
  orderId: string,
  decision: { accepted: boolean; reason: string },
) =>
  change(s, orderId, may(s, staff, 'judgeReply'), (o, ctx) =>
    decision.accepted
      ? acceptReply(o, ctx, actorOf(staff), decision.reason)
      : rejectReply(o, ctx, actorOf(staff), decision.reason),
  );

/** 催办: a line of history and an email to the handling court, at once. */
export async function urge(s: Services, staff: Staff, orderId: string, note: string): Promise<Order> {
  const order = await change(s, orderId, may(s, staff, 'urge'), (o, ctx) =>
    urgeOrder(o, ctx, actorOf(staff), note),
  );
  await announce(s, order, 'urged', courtAudiences(order), note);
  return order;
}

async function announce(
  s: Services,
  order: Order,
  kind: AnnouncementKind,
  audiences: Audience[],
  note: string,
): Promise<void> {
  const to = staffFor(s, audiences).map((m) => m.email);
  if (to.length > 0) await s.mailer.send(announcementMail(s, order, kind, to, note));
}

export const reply = (s: Services, staff: Staff, orderId: string, answer: string) =>
  change(s, orderId, may(s, staff, 'reply'), (o, ctx) => replyToOrder(o, ctx, actorOf(staff), answer));

export const review = (s: Services, staff: Staff, orderId: string, note: string) =>
  change(s, orderId, may(s, staff, 'review'), (o, ctx) => reviewAndClose(o, ctx, actorOf(staff), note));

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
    return change(s, orderId, may(s, staff, 'callback'), (o, ctx) =>
      rateOrder(o, ctx, actorOf(staff), rating, 'callback', input.comment),
    );
  }
  let smsDue = false;
  const next = await change(s, orderId, may(s, staff, 'callback'), (o, ctx) => {
    const result = recordFailedCallback(o, ctx, actorOf(staff));
    smsDue = result.sendRatingSms;
    return result.order;
  });
  if (smsDue) await sendRatingSms(s, next);
  return next;
}
