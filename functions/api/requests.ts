import { notFound } from '../../domain/errors';
import { readAccessLog } from '../../services/personal-data';
import { findCallerRequests, linkRepeat as linkRepeatRequest } from '../../services/repeat-requests';
import {
  createOrderForRequest,
  requestForCitizen,
  settleRequest,
  submitRequest,
  suggestedRoute,
} from '../../services/requests';
import { ownRequest } from '../../services/wechat';
import { httpHandler } from '../commons/http';
import { logger } from '../commons/logger';
import { ROUTES } from './routes';
import { citizenOrderView, orderState, orderView, requestView, staffRequestView } from './views';

/** POST /v1/requests: anyone; hotline and window requests are filed by an agent; a WeChat citizen's are theirs. */
export const createRequest = httpHandler(
  ROUTES.createRequest,
  async ({ body, staff, citizen, sourceIp, services }) => {
    const { request, accessCode, accessCodeSms } = await submitRequest(
      services,
      staff,
      body,
      citizen,
      sourceIp,
    );
    // The request id only: never the phone or the code (services/access-code-sms.ts).
    if (accessCodeSms === 'failed') logger.warn('access-code SMS not sent', { requestId: request.requestId });
    return {
      requestId: request.requestId,
      trackingNo: request.trackingNo,
      accessCode,
      status: request.status,
      ...(accessCodeSms ? { accessCodeSms } : {}),
    };
  },
);

/** GET /v1/requests/{trackingNo}: the citizen with X-Access-Code, or staff who may read its order. */
export const getRequest = httpHandler(
  ROUTES.getRequest,
  async ({ params, staff, citizen, headers, sourceIp, services }) => {
    const now = services.clock.now();
    if (!staff) {
      // A signed-in citizen reads their own without the code; anything else is judged by the code.
      const request =
        (citizen && (await ownRequest(services, citizen, params.trackingNo))) ||
        (await requestForCitizen(services, params.trackingNo, headers['x-access-code'], sourceIp));
      const order = request.orderId ? await services.orders.get(request.orderId) : null;
      return { ...requestView(request, true), order: order ? citizenOrderView(order, now) : null };
    }
    const request = await services.requests.getByTrackingNo(params.trackingNo);
    if (!request) throw notFound('request');
    const order = request.orderId ? await services.orders.get(request.orderId) : null;
    services.access.assertRequestReader(staff, order ?? null);
    // Before the order is made, the agent sees where it will go (the routing's own answer).
    const showsRouting = request.status === 'received' && staff.role === 'agent';
    const route = showsRouting ? suggestedRoute(services, request) : null;
    return {
      ...staffRequestView(services.access, staff, request, order),
      order: order ? orderView(order, now, { history: true }) : null,
      ...(showsRouting
        ? {
            routing: route
              ? { courtCode: route.courtCode, firewalled: route.firewalled, reason: route.reason }
              : null,
          }
        : {}),
    };
  },
);

/** POST /v1/requests/{requestId}/settle: an agent answers it at first contact. */
export const settle = httpHandler(ROUTES.settle, async ({ params, body, staff, services }) => {
  const request = await settleRequest(services, staff, params.requestId, body.answer, body.knowledgeIds);
  return {
    requestId: request.requestId,
    trackingNo: request.trackingNo,
    status: request.status,
    settledAt: request.settledAt,
    knowledgeIds: request.knowledgeIds ?? [],
  };
});

/** POST /v1/requests/{requestId}/orders: an agent turns it into a work order. */
export const createOrder = httpHandler(ROUTES.createOrder, async ({ params, body, staff, services }) => {
  const order = await createOrderForRequest(
    services,
    staff,
    params.requestId,
    body.courtCode,
    body.repeatReason,
  );
  return {
    orderId: order.orderId,
    courtCode: order.courtCode,
    deadline: order.deadline,
    status: order.status,
    firewalled: order.firewalled,
  };
});

/** GET /v1/requests?phone=: a caller's earlier requests (agents), found by the keyed hash of the phone, masked. */
export const findRequestsByPhone = httpHandler(
  ROUTES.findRequestsByPhone,
  async ({ query, staff, services }) => {
    const now = services.clock.now();
    const probe = {
      caseNumber: query.caseNumber,
      courtCode: query.courtCode,
      category: query.category,
      forRequest: query.forRequest,
    };
    const page = await findCallerRequests(services, staff, query.phone, probe, query.limit, query.cursor);
    return {
      items: page.items.map(({ request, order, likelyMatch }) => ({
        ...requestView(request, false),
        repeatOf: request.repeatOf?.trackingNo ?? null,
        order: order ? orderState(order, now) : null,
        likelyMatch,
      })),
      nextCursor: page.nextCursor,
      likelyMatch: page.likelyMatch,
    };
  },
);

/** POST /v1/requests/{requestId}/link: a repeat request (重复诉求), linked to its matter; the matter's open order is urged. */
export const linkRepeat = httpHandler(ROUTES.linkRepeat, async ({ params, body, staff, services }) => {
  const linked = await linkRepeatRequest(services, staff, params.requestId, body.trackingNo, body.note);
  return {
    requestId: linked.request.requestId,
    trackingNo: linked.request.trackingNo,
    status: linked.request.status,
    repeatOf: linked.matter.trackingNo,
    urged: linked.urged,
    order: linked.order ? orderState(linked.order, services.clock.now()) : null,
  };
});

/** GET /v1/requests/{trackingNo}/access-log: who was shown this request unmasked (auditors). */
export const getAccessLog = httpHandler(ROUTES.getAccessLog, async ({ params, query, staff, services }) =>
  readAccessLog(services, staff, params.trackingNo, query.limit, query.cursor),
);
