import type { Staff } from '../domain/access';
import type { CitizenRequest } from '../domain/citizen-request';
import { notFound, Refusal, wrongState } from '../domain/errors';
import type { Order } from '../domain/order';
import { urgeOrder } from '../domain/order-round';
import type { StoredRequest } from '../domain/personal-data';
import { courtAudiences } from '../domain/recipients';
import {
  caseKey,
  isOpen,
  isUrgeable,
  likelyMatch,
  matterOf,
  type RepeatProbe,
  repeatCourt,
} from '../domain/repeat-requests';
import { currentCall } from './call-context';
import { actorOf, changeOrder } from './change-order';
import type { Services } from './context';
import { announcementMail, staffFor } from './escalation-mail';
import { hashPhone } from './personal-data';

/**
 * Repeat requests (重复诉求, DOMAIN.md): the caller's earlier requests at intake with the likely
 * match marked, linking a new request to the matter it repeats (urging the matter's open order),
 * and the rule that a second order for a case while one is open needs the agent's reason.
 */

/** How many of the caller's requests are looked through for the likely match (a caller's history is short). */
const MATCH_WINDOW = 100;

export interface CallerRequest {
  request: StoredRequest;
  order: Order | null;
  likelyMatch: boolean;
}

/** GET /v1/requests?phone=: the caller's earlier requests, newest first, each with its order and the likely match marked. */
export async function findCallerRequests(
  s: Services,
  staff: Staff,
  phone: string,
  given: RepeatProbe & { forRequest?: string | undefined },
  limit: number,
  cursor: string | undefined,
): Promise<{ items: CallerRequest[]; nextCursor: string | null; likelyMatch: string | null }> {
  s.access.assertAgent(staff);
  const hash = await hashPhone(s, phone);
  const page = await s.requests.listByPhoneHash(hash, limit, cursor);
  // The new request itself is no match for itself; what it says is the probe, unless told otherwise.
  const own = given.forRequest ? await s.requests.getByTrackingNo(given.forRequest) : null;
  const probe: RepeatProbe = {
    caseNumber: given.caseNumber ?? own?.caseNumber,
    courtCode: given.courtCode ?? own?.courtCode,
    category: given.category ?? own?.category,
  };
  // The match is judged over the caller's recent history, not just this page: it may be on the next.
  const recent = (
    cursor || own ? (await s.requests.listByPhoneHash(hash, MATCH_WINDOW, undefined)).items : page.items
  ).filter((r) => r.trackingNo !== given.forRequest);
  const match = likelyMatch(s.courts, recent, probe, s.clock.now());
  const items = await Promise.all(
    page.items.map(async (request) => ({
      request,
      order: request.orderId ? await s.orders.get(request.orderId) : null,
      likelyMatch: request.requestId === match?.requestId,
    })),
  );
  return { items, nextCursor: page.nextCursor, likelyMatch: match?.trackingNo ?? null };
}

export interface LinkResult {
  request: CitizenRequest;
  matter: CitizenRequest;
  /** The matter's order, as it stands after the link (urged when the court still held it). */
  order: Order | null;
  urged: boolean;
}

/**
 * POST /v1/requests/{id}/link: the request becomes a repeat of the matter `trackingNo` names. It
 * gets no order of its own: it is settled as linked (so it counts as settled at first contact, and
 * apart as a repeat). If the matter's order is still with the court, the repeat urges it (催办: a
 * history line naming the repeat, an email to whoever the order's notices go to, which for a
 * complaint is the superior court's supervision office, never the accused court). Two writes, each
 * idempotent: the request first (a conditional write on its version), then the urge, which a
 * retry skips when the order's history already has this repeat's urge.
 */
export async function linkRepeat(
  s: Services,
  staff: Staff,
  requestId: string,
  trackingNo: string,
  note: string | undefined,
): Promise<LinkResult> {
  s.access.assertAgent(staff);
  const call = currentCall();
  const repeatRequestId = requestId;
  let request = await s.requests.get(requestId);
  if (!request) throw notFound('request');
  const named = await s.requests.getByTrackingNo(trackingNo);
  if (!named) throw new Refusal('not_found', 'not_found', 'the request it repeats was not found');
  const matter = matterOf(
    s.courts,
    request,
    named,
    named.repeatOf ? await s.requests.get(named.repeatOf.requestId) : null,
  );
  // The same call run again after a crash finds its own link and goes on to the urge.
  const ranBefore =
    call && request.settledByCall === call.id && request.repeatOf?.requestId === matter.requestId;
  while (!ranBefore) {
    if (request.status !== 'received')
      throw wrongState(`the request is already ${request.status}`, [{ status: request.status }]);
    const next: StoredRequest = {
      ...request,
      status: 'settled',
      answer: `重复诉求：已并入 ${matter.trackingNo} 办理`,
      settledAt: s.clock.now().toISOString(),
      settledBy: staff.sub,
      repeatOf: {
        requestId: matter.requestId,
        trackingNo: matter.trackingNo,
        courtCode: repeatCourt(s.courts, matter),
      },
      version: request.version + 1,
      ...(call ? { settledByCall: call.id } : {}),
    };
    if (await s.requests.save(next, request.version)) {
      request = next;
      break;
    }
    request = await s.requests.get(requestId);
    if (!request) throw notFound('request');
  }
  let order = matter.orderId ? await s.orders.get(matter.orderId) : null;
  if (!order || !isUrgeable(order)) return { request, matter, order, urged: false };
  const urgedBy = (o: Order) =>
    o.history.some((h) => h.action === 'urged' && h.details?.repeatRequestId === requestId);
  // The note names the repeat's tracking number, never the caller or their words.
  const line = note ?? `当事人再次来电催问（重复诉求 ${request.trackingNo}）`;
  let wrote = false;
  order = await changeOrder(
    s,
    order.orderId,
    (o) => s.access.assertAgent(staff, o),
    (o, ctx) => {
      wrote = false;
      if (urgedBy(o) || !isUrgeable(o)) return o;
      const next = urgeOrder(o, ctx, actorOf(staff), line);
      const last = next.history.at(-1)!;
      last.details = { ...last.details, repeatRequestId };
      wrote = true;
      return next;
    },
  );
  if (wrote) {
    const to = staffFor(s, courtAudiences(order)).map((m) => m.email);
    if (to.length > 0) await s.mailer.send(announcementMail(s, order, 'urged', to, line));
  }
  return { request, matter, order, urged: urgedBy(order) };
}

/**
 * A second order for the same case while one is open needs the agent's stated reason (a new
 * matter on the same case). Complaints and interference reports are judged apart from ordinary
 * orders: a complaint about conduct in a case is no second order for the case's progress, and the
 * firewall keeps the two apart (the agent is never told of one when making the other).
 */
export async function assertSecondOrderAllowed(
  s: Services,
  request: CitizenRequest,
  firewalled: boolean,
  reason: string | undefined,
): Promise<void> {
  const key = caseKey(request.caseNumber);
  if (!key || reason) return;
  const expected = request.orderId;
  for (const entry of await s.caseOrders.list(key)) {
    if (entry.firewalled !== firewalled || entry.orderId === expected) continue;
    const order = await s.orders.get(entry.orderId);
    if (!order || order.requestId === request.requestId || !isOpen(order)) continue;
    throw new Refusal(
      'conflict',
      'case_has_open_order',
      'this case already has an open order: link the request as a repeat, or give repeatReason for a new matter',
      [{ orderId: order.orderId, trackingNo: order.trackingNo, status: order.status }],
    );
  }
}

/** Notes the order under its case number, before the order is written (services/requests.ts). */
export async function noteCaseOrder(s: Services, request: CitizenRequest, order: Order): Promise<void> {
  const key = caseKey(request.caseNumber);
  if (key) await s.caseOrders.add(key, order.orderId, order.firewalled);
}
