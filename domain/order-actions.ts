import type { Access, Staff } from './access';
import { Refusal } from './errors';
import type { Order, OrderContext } from './order';
import { assertReviewPending, requireCallbackOpen } from './order-callback';
import {
  assertAcceptable,
  assertExtensionAskable,
  assertExtensionDecidable,
  assertReplyable,
  assertReplyJudgeable,
  assertReturnable,
  assertReturnPending,
  assertUrgeable,
} from './order-round';

/**
 * What a member of staff may do to an order now (API.md `GET /v1/orders/{orderId}` → `actions`),
 * so that the pages offer exactly what the API would allow instead of deriving the rules again.
 *
 * Each action is the pair the service runs before its change: who may act (domain/access.ts) and
 * the change's own guard (order-round.ts, order-callback.ts). services/orders.ts authorizes each
 * route with `authorizeAction`, and the change calls its guard first, so the action offered and
 * the check made are the same two functions.
 */
export const ORDER_ACTIONS = [
  'accept',
  'return',
  'extension',
  'reply',
  'decideExtension',
  'review',
  'decideReturn',
  'urge',
  'judgeReply',
  'callback',
] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

interface ActionRule {
  /** Who may: throws a 404 (not theirs to see) or a 403. */
  who: (access: Access, staff: Staff, order: Order) => void;
  /** Whether the order's state allows it now: throws a 409. */
  now: (order: Order, ctx: OrderContext, staff: Staff) => void;
}

const courtActor = (a: Access, s: Staff, o: Order) => a.assertCourtActor(s, o);
const agent = (a: Access, s: Staff, o: Order) => a.assertAgent(s, o);

const RULES: Record<OrderAction, ActionRule> = {
  accept: { who: courtActor, now: (o) => assertAcceptable(o) },
  return: { who: courtActor, now: (o, ctx) => assertReturnable(o, ctx) },
  extension: { who: courtActor, now: (o, ctx) => assertExtensionAskable(o, ctx) },
  reply: { who: courtActor, now: (o) => assertReplyable(o) },
  decideExtension: {
    who: (a, s, o) => a.assertSupervisorOver(s, o),
    now: (o, _ctx, s) => {
      assertExtensionDecidable(o, s);
    },
  },
  review: { who: (a, s, o) => a.assertSuperiorSupervisor(s, o), now: (o) => assertReviewPending(o) },
  decideReturn: { who: agent, now: (o) => assertReturnPending(o) },
  urge: { who: agent, now: (o) => assertUrgeable(o) },
  judgeReply: { who: agent, now: (o) => assertReplyJudgeable(o) },
  callback: { who: agent, now: (o) => requireCallbackOpen(o) },
};

/** The route's authorization: throws as the API answers a caller who may not take `action`. */
export function authorizeAction(access: Access, staff: Staff, order: Order, action: OrderAction): void {
  RULES[action].who(access, staff, order);
}

/** Every action `staff` may take on `order` at `ctx.now`, in the order the pages show them. */
export function actionsFor(access: Access, staff: Staff, order: Order, ctx: OrderContext): OrderAction[] {
  return ORDER_ACTIONS.filter((action) => {
    try {
      RULES[action].who(access, staff, order);
      RULES[action].now(order, ctx, staff);
      return true;
    } catch (refused) {
      if (refused instanceof Refusal) return false;
      throw refused;
    }
  });
}
