import type { Citizen } from '../adapters/citizen-sessions';
import type { Staff } from '../domain/access';
import { requestCourt } from '../domain/attribution';
import { caseNumberProblem } from '../domain/case-number';
import { type Category, type Channel, STAFF_CHANNELS } from '../domain/categories';
import type { CitizenRequest } from '../domain/citizen-request';
import { invalid, notFound, Refusal, wrongState } from '../domain/errors';
import { createOrder, type Order } from '../domain/order';
import type { StoredRequest } from '../domain/personal-data';
import { type Route, RoutingError, routeOrder } from '../domain/routing';
import { sendAccessCodeSms } from './access-code-sms';
import { checkAccessCode, hashAccessCode } from './access-codes';
import { syncCalendar } from './calendar';
import { type CallIdentity, currentCall } from './call-context';
import { actorOf } from './change-order';
import { admitFiling } from './client-limits';
import type { Services } from './context';
import { orderContext } from './context';
import { syncDirectory } from './directory';
import { newAccessCode, newRequestId, newTrackingNo, orderIdFor, requestIdForCall } from './ids';
import { usableEntries } from './knowledge';
import { assertSecondOrderAllowed, noteCaseOrder } from './repeat-requests';

export interface NewRequestInput {
  channel: Channel;
  category: Category;
  content: string;
  contact: { name: string; phone: string };
  caseNumber?: string | undefined;
  courtCode?: string | undefined;
}

export async function submitRequest(
  s: Services,
  staff: Staff | null,
  input: NewRequestInput,
  citizen: Citizen | null = null,
  sourceIp = '',
): Promise<Filed> {
  if (STAFF_CHANNELS.includes(input.channel)) s.access.assertAgent(staff);
  // A signed-in WeChat citizen files on the wechat channel, and the request is theirs to list.
  if (citizen && input.channel !== 'wechat')
    throw invalid('wrong_channel', 'a WeChat session files requests on the wechat channel');
  // And only they do: a wechat request without a session padded the channel's figures.
  if (input.channel === 'wechat' && !citizen)
    throw new Refusal(
      'unauthorized',
      'wechat_session_required',
      'a request on the wechat channel comes from the mini program, with its WeChat session token',
    );
  // Agents find a caller's earlier requests by this keyed hash, never by the phone itself.
  const phoneHash = await s.personalData.phoneHash(input.contact.phone);
  if (input.courtCode && !s.courts.find(input.courtCode))
    throw invalid('unknown_court', `unknown court ${input.courtCode}`);
  // Text that cannot be a case number would silently route by the chosen court instead: the
  // citizen is told how to write one (domain/case-number.ts).
  const caseProblem = input.caseNumber ? caseNumberProblem(input.caseNumber, s.clock.now()) : null;
  if (caseProblem) throw invalid('invalid_case_number', caseProblem);
  const now = s.clock.now();
  // A filing with an Idempotency-Key is one conditional put: its id derives from the key, so the put
  // finds an earlier run of the same call (a retry, a duplicate in flight, a re-run after a crash).
  const call = currentCall();
  // Filed without a staff token: counted per client and per phone (a flood is refused, never filed).
  if (!staff) {
    try {
      await admitFiling(s, sourceIp, phoneHash);
    } catch (refusal) {
      // A client past its limit still gets the answer to a call it already made.
      const filed = call && (await s.requests.get(requestIdForCall(call.id)));
      if (filed) return refiled(s, filed, call);
      throw refusal;
    }
  }
  const accessCode = newAccessCode();
  for (;;) {
    const request: StoredRequest = {
      requestId: call ? requestIdForCall(call.id) : newRequestId(now),
      trackingNo: newTrackingNo(now),
      accessCodeHash: hashAccessCode(accessCode),
      channel: input.channel,
      category: input.category,
      content: input.content,
      contact: input.contact,
      caseNumber: input.caseNumber ?? null,
      courtCode: input.courtCode ?? null,
      status: 'received',
      createdAt: now.toISOString(),
      createdBy: staff?.sub ?? null,
      answer: null,
      settledAt: null,
      settledBy: null,
      orderId: null,
      version: 1,
      phoneHash,
      ...(citizen ? { citizenSubject: citizen.subject } : {}),
      ...(call
        ? { createdByCall: call.id, createdByBody: call.bodyHash, accessCodeSealed: call.seal(accessCode) }
        : {}),
    };
    // A taken id (one in a billion a day) just draws another; a call's own id means it ran already.
    if (await s.requests.create(request)) {
      const accessCodeSms = STAFF_CHANNELS.includes(request.channel)
        ? await sendAccessCodeSms(s, request, accessCode)
        : undefined;
      return { request, accessCode, accessCodeSms };
    }
    if (call) return refiled(s, await s.requests.get(request.requestId), call);
  }
}

/**
 * The request an earlier run of this call filed (a retry, a duplicate sent meanwhile, a re-run
 * after a crash): its first answer again, or a 409 for another body under the same key.
 */
async function refiled(s: Services, filed: CitizenRequest | null, call: CallIdentity): Promise<Filed> {
  if (!filed || filed.createdByCall !== call.id || !filed.accessCodeSealed)
    throw new Error(`request id of call ${call.id.slice(0, 8)} is taken by another`);
  // A request filed before the fingerprint was kept has none: its key gets it back, whatever the body.
  if (filed.createdByBody !== undefined && filed.createdByBody !== call.bodyHash)
    throw new Refusal('conflict', 'idempotency_mismatch', 'this Idempotency-Key was used with another body');
  const accessCode = call.unseal(filed.accessCodeSealed);
  // The first run filed it but failed to send the caller their code: it goes now (services/access-code-sms.ts).
  const accessCodeSms = STAFF_CHANNELS.includes(filed.channel)
    ? await sendAccessCodeSms(s, filed, accessCode)
    : undefined;
  call.replayed();
  // The first answer said `received`, as every new request is, whatever became of it since.
  return { request: { ...filed, status: 'received' }, accessCode, accessCodeSms };
}

/**
 * A filed request and its access code; for a caller taken down by an agent, whether the code's SMS
 * went out (services/access-code-sms.ts).
 */
export interface Filed {
  request: CitizenRequest;
  accessCode: string;
  accessCodeSms?: 'sent' | 'failed' | undefined;
}

/** The citizen proves ownership with the access code given at submission; compared in constant time. */
export async function requestForCitizen(
  s: Services,
  trackingNo: string,
  accessCode: string | undefined,
  sourceIp: string,
): Promise<CitizenRequest> {
  const request = await s.requests.getByTrackingNo(trackingNo);
  // The same answer for an unknown number and a wrong code: nothing to learn by guessing.
  if (!(await checkAccessCode(s, trackingNo, request, accessCode, sourceIp)) || !request)
    throw notFound('request');
  return request;
}

export async function settleRequest(
  s: Services,
  staff: Staff,
  requestId: string,
  answer: string,
  knowledgeIds: readonly string[] = [],
): Promise<CitizenRequest> {
  s.access.assertAgent(staff);
  // Issue 20: the entries the answer used, each published now; the figures count settlements that name one.
  const used = await usableEntries(s, knowledgeIds);
  const call = currentCall();
  for (;;) {
    const request = await s.requests.get(requestId);
    if (!request) throw notFound('request');
    if (call && request.settledByCall === call.id) return request; // this call settled it, then crashed
    if (request.status !== 'received')
      throw wrongState(`the request is already ${request.status}`, [{ status: request.status }]);
    const next: CitizenRequest = {
      ...request,
      status: 'settled',
      answer,
      settledAt: s.clock.now().toISOString(),
      settledBy: staff.sub,
      knowledgeIds: used,
      version: request.version + 1,
      ...(call ? { settledByCall: call.id } : {}),
    };
    if (await s.requests.save(next, request.version)) return next;
  }
}

/**
 * Turns a request into a work order. Three idempotent steps, since no write spans two items:
 * put the order (its id derives from the request's, so a retry finds it), mark the request
 * `ordered`, start the order's workflow (a retried start names the same execution). A crash
 * between them leaves nothing a retry or the resume sweep does not finish.
 */
export async function createOrderForRequest(
  s: Services,
  staff: Staff,
  requestId: string,
  courtOverride: string | undefined,
  repeatReason?: string | undefined,
): Promise<Order> {
  s.access.assertAgent(staff);
  const request = await s.requests.get(requestId);
  if (!request) throw notFound('request');
  await syncCalendar(s);
  // The directory as it stands this instant (one small read), not as this process last checked
  // it: a court merged a moment ago by another process is never sent a new order.
  await syncDirectory(s, { fresh: true });
  // The body is judged first, whatever the request's state: an unknown or firewalled court is
  // refused as such, never answered with an order that went elsewhere.
  const route = routeFor(s, request, courtOverride);
  const orderId = orderIdFor(request.requestId);
  let order = await s.orders.get(orderId);
  const call = currentCall();
  // Asked again: an idempotent replay is answered by the HTTP layer before this runs, and the same
  // call run again after a crash (its key's lease over) finds the order it wrote itself; anything
  // else is told the order exists.
  if (order && request.status === 'ordered' && !(call && order.createdByCall === call.id)) {
    throw new Refusal('conflict', 'already_ordered', 'the request already has an order', [
      { orderId: order.orderId },
    ]);
  }
  // An order without `ordered` on its request is a creation cut short between its writes: finish it.
  if (!order) {
    if (request.status !== 'received')
      throw wrongState(`the request is already ${request.status}`, [{ status: request.status }]);
    await assertSecondOrderAllowed(s, request, route.firewalled, repeatReason);
    order = createOrder(
      {
        orderId,
        requestId: request.requestId,
        trackingNo: request.trackingNo,
        category: request.category,
        channel: request.channel,
        ...route,
        routingReason: route.reason,
      },
      orderContext(s),
      actorOf(staff),
    );
    order = withCreationFacts(s, order, request, repeatReason);
    if (call) order = { ...order, createdByCall: call.id };
    await noteCaseOrder(s, request, order);
    if (!(await s.orders.create(order))) order = await s.orders.require(orderId);
  }
  await markOrdered(s, request.requestId, orderId);
  await s.workflows.start(order.orderId, order.stageSeq);
  return order;
}

/**
 * Facts of the order's creation kept on its first history line: the court its request counts at
 * (domain/attribution.ts), where the figures count the order's second pass (一次性办理到位), and
 * the agent's reason for a second order on a case that has one open.
 */
function withCreationFacts(
  s: Services,
  order: Order,
  request: CitizenRequest,
  repeatReason: string | undefined,
): Order {
  const [created, ...rest] = order.history;
  if (!created) return order;
  return {
    ...order,
    history: [
      {
        ...created,
        ...(repeatReason ? { note: repeatReason } : {}),
        details: {
          ...created.details,
          requestCourt: requestCourt(s.courts, request),
          ...(repeatReason ? { sameCaseReason: true } : {}),
        },
      },
      ...rest,
    ],
  };
}

/**
 * Where the request's order would go if an agent made it now without naming a court: the route
 * the order will take (the same routeFor), or null when the request names no court and an agent
 * must choose one. Shown on the request's page before the order is made.
 */
export function suggestedRoute(s: Services, request: CitizenRequest): Route | null {
  try {
    return routeFor(s, request, undefined);
  } catch (error) {
    if (error instanceof Refusal && error.code === 'unroutable') return null;
    throw error;
  }
}

function routeFor(s: Services, request: CitizenRequest, courtOverride: string | undefined) {
  try {
    return routeOrder(s.courts, {
      category: request.category,
      caseNumber: request.caseNumber ?? undefined,
      courtCode: request.courtCode ?? undefined,
      override: courtOverride,
    });
  } catch (error) {
    if (error instanceof RoutingError) throw invalid('unroutable', error.message);
    throw error;
  }
}

/**
 * The second write of `createOrderForRequest`, for an order whose request may not have had it
 * (a crash between the two): the resume sweep calls it for recent orders.
 */
export async function completeOrdering(s: Services, order: Order): Promise<void> {
  await markOrdered(s, order.requestId, order.orderId);
}

async function markOrdered(s: Services, requestId: string, orderId: string): Promise<void> {
  for (;;) {
    const request = await s.requests.get(requestId);
    if (!request) throw notFound('request');
    if (request.status === 'ordered') return;
    if (request.status === 'settled') throw wrongState('the request was settled');
    const next: CitizenRequest = { ...request, status: 'ordered', orderId, version: request.version + 1 };
    if (await s.requests.save(next, request.version)) return;
  }
}
