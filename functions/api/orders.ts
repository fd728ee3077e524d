import { loadCalendarYear as loadYear } from '../../services/calendar';
import * as orders from '../../services/orders';
import { httpHandler } from '../commons/http';
import { ROUTES } from './routes';
import { orderView, staffRequestView } from './views';

/** GET /v1/orders: the orders of the caller's court and, for supervisors, every court below. */
export const listOrders = httpHandler(ROUTES.listOrders, async ({ query, staff, services }) => {
  const now = services.clock.now();
  const page = await orders.listOrders(services, staff, {
    courtCode: query.courtCode,
    status: query.status,
    late: query.late ? { value: query.late === 'true', now } : undefined,
    from: query.from,
    to: query.to,
    limit: query.limit,
    cursor: query.cursor,
  });
  return {
    items: page.items.map((o) => orderView(o, now, { history: false })),
    nextCursor: page.nextCursor,
  };
});

/** GET /v1/orders/{orderId}: one order with its full history, and the request as the caller may see it. */
export const getOrder = httpHandler(ROUTES.getOrder, async ({ params, staff, services }) => {
  const order = await orders.readOrder(services, staff, params.orderId);
  const request = await services.requests.get(order.requestId);
  return {
    ...orderView(order, services.clock.now(), { history: true }),
    actions: await orders.offeredActions(services, staff, order),
    request: request ? staffRequestView(services.access, staff, request, order) : null,
  };
});

type Services = Parameters<typeof orders.accept>[0];
const done = (services: Services, order: Awaited<ReturnType<typeof orders.accept>>) =>
  orderView(order, services.clock.now(), { history: true });

export const accept = httpHandler(ROUTES.accept, async ({ params, staff, services }) =>
  done(services, await orders.accept(services, staff, params.orderId)),
);

export const giveBack = httpHandler(ROUTES.giveBack, async ({ params, body, staff, services }) =>
  done(services, await orders.giveBack(services, staff, params.orderId, body.reason)),
);

export const dispatch = httpHandler(ROUTES.dispatch, async ({ params, body, staff, services }) =>
  done(services, await orders.redispatch(services, staff, params.orderId, body.courtCode)),
);

export const requestExtension = httpHandler(
  ROUTES.requestExtension,
  async ({ params, body, staff, services }) =>
    done(services, await orders.askExtension(services, staff, params.orderId, body.reason, body.workingDays)),
);

export const decideExtension = httpHandler(
  ROUTES.decideExtension,
  async ({ params, body, staff, services }) =>
    done(services, await orders.decide(services, staff, params.orderId, body.approved, body.note)),
);

export const decideReturn = httpHandler(ROUTES.decideReturn, async ({ params, body, staff, services }) =>
  done(services, await orders.reviewReturn(services, staff, params.orderId, body)),
);

export const decideReply = httpHandler(ROUTES.decideReply, async ({ params, body, staff, services }) =>
  done(services, await orders.decideReply(services, staff, params.orderId, body)),
);

export const urge = httpHandler(ROUTES.urge, async ({ params, body, staff, services }) =>
  done(services, await orders.urge(services, staff, params.orderId, body.note)),
);

export const reply = httpHandler(ROUTES.reply, async ({ params, body, staff, services }) =>
  done(services, await orders.reply(services, staff, params.orderId, body.answer)),
);

export const callback = httpHandler(ROUTES.callback, async ({ params, body, staff, services }) =>
  done(services, await orders.callback(services, staff, params.orderId, body)),
);

export const review = httpHandler(ROUTES.review, async ({ params, body, staff, services }) =>
  done(services, await orders.review(services, staff, params.orderId, body.note)),
);

/** POST /v1/admin/calendar/{year}: the State Council's schedule for a year, loaded without a redeploy. */
export const loadCalendarYear = httpHandler(
  ROUTES.loadCalendarYear,
  async ({ params, body, staff, services }) => loadYear(services, staff, params.year, body),
);
