import * as orders from '../../services/orders';
import { httpHandler } from '../commons/http';
import {
  CallbackBody,
  DecisionBody,
  DispatchBody,
  ExtensionBody,
  OrderIdParams,
  OrdersQuery,
  ReplyBody,
  ReturnBody,
  ReviewBody,
} from './schemas';
import { orderView, staffRequestView } from './views';

/** GET /v1/orders: the orders of the caller's court and, for supervisors, every court below. */
export const listOrders = httpHandler(
  { auth: 'staff', query: OrdersQuery },
  async ({ query, staff, services }) => {
    const now = services.clock.now();
    const page = await orders.listOrders(services, staff!, {
      courtCode: query.courtCode,
      status: query.status,
      late: query.late ? { value: query.late === 'true', now } : undefined,
      from: query.from,
      to: query.to,
      limit: query.limit,
      cursor: query.cursor,
    });
    return {
      status: 200,
      body: {
        items: page.items.map((o) => orderView(o, now, { history: false })),
        nextCursor: page.nextCursor,
      },
    };
  },
);

/** GET /v1/orders/{orderId}: one order with its full history, and the request as the caller may see it. */
export const getOrder = httpHandler(
  { auth: 'staff', params: OrderIdParams },
  async ({ params, staff, services }) => {
    const order = await orders.readOrder(services, staff!, params.orderId);
    const request = await services.requests.get(order.requestId);
    return {
      status: 200,
      body: {
        ...orderView(order, services.clock.now(), { history: true }),
        request: request ? staffRequestView(services.access, staff!, request, order) : null,
      },
    };
  },
);

type Services = Parameters<typeof orders.accept>[0];
const done = (services: Services, order: Awaited<ReturnType<typeof orders.accept>>) => ({
  status: 200,
  body: orderView(order, services.clock.now(), { history: true }),
});

export const accept = httpHandler(
  { auth: 'staff', params: OrderIdParams },
  async ({ params, staff, services }) =>
    done(services, await orders.accept(services, staff!, params.orderId)),
);

export const giveBack = httpHandler(
  { auth: 'staff', params: OrderIdParams, body: ReturnBody },
  async ({ params, body, staff, services }) =>
    done(services, await orders.giveBack(services, staff!, params.orderId, body.reason)),
);

export const dispatch = httpHandler(
  { auth: 'staff', params: OrderIdParams, body: DispatchBody },
  async ({ params, body, staff, services }) =>
    done(services, await orders.redispatch(services, staff!, params.orderId, body.courtCode)),
);

export const requestExtension = httpHandler(
  { auth: 'staff', params: OrderIdParams, body: ExtensionBody },
  async ({ params, body, staff, services }) =>
    done(
      services,
      await orders.askExtension(services, staff!, params.orderId, body.reason, body.workingDays),
    ),
);

export const decideExtension = httpHandler(
  { auth: 'staff', params: OrderIdParams, body: DecisionBody },
  async ({ params, body, staff, services }) =>
    done(services, await orders.decide(services, staff!, params.orderId, body.approved, body.note)),
);

export const reply = httpHandler(
  { auth: 'staff', params: OrderIdParams, body: ReplyBody },
  async ({ params, body, staff, services }) =>
    done(services, await orders.reply(services, staff!, params.orderId, body.answer)),
);

export const callback = httpHandler(
  { auth: 'staff', params: OrderIdParams, body: CallbackBody },
  async ({ params, body, staff, services }) =>
    done(services, await orders.callback(services, staff!, params.orderId, body)),
);

export const review = httpHandler(
  { auth: 'staff', params: OrderIdParams, body: ReviewBody },
  async ({ params, body, staff, services }) =>
    done(services, await orders.review(services, staff!, params.orderId, body.note)),
);
