import type { Access, Staff } from '../../domain/access';
import type { CitizenRequest } from '../../domain/citizen-request';
import { maskCaseNumber, maskName, maskPhone } from '../../domain/masking';
import { type HistoryEntry, isLate, type Order } from '../../domain/order';
import type { StoredRequest } from '../../domain/personal-data';
import { noteUnmaskedView } from '../../services/personal-data';

/** The order as API.md names its fields, for staff. `history` only where the caller reads one order. */
export function orderView(order: Order, now: Date, options: { history: boolean }) {
  return {
    orderId: order.orderId,
    requestId: order.requestId,
    trackingNo: order.trackingNo,
    category: order.category,
    channel: order.channel,
    courtCode: order.courtCode,
    subjectCourtCode: order.subjectCourtCode,
    supervisingCourtCode: order.supervisingCourtCode,
    status: order.status,
    createdAt: order.createdAt,
    dispatchedAt: order.dispatchedAt,
    deadline: order.deadline,
    late: isLate(order, now),
    escalationLevel: order.escalationLevel,
    callbackDeadline: order.callbackDeadline,
    callbackEscalationLevel: order.callbackEscalationLevel,
    callbackAttempts: order.callbackAttempts,
    reopenCount: order.reopenCount,
    reviewPending: order.reviewPending,
    extension: order.extension,
    answer: order.answer,
    repliedAt: order.repliedAt,
    rating: order.rating,
    closeReason: order.closeReason,
    closedAt: order.closedAt,
    ...(options.history ? { history: order.history } : {}),
  };
}

/** Where an order stands, in a line (issue 20: the caller's earlier requests at intake). */
export function orderState(order: Order, now: Date) {
  return {
    orderId: order.orderId,
    status: order.status,
    courtCode: order.courtCode,
    deadline: order.deadline,
    late: isLate(order, now),
    closeReason: order.closeReason,
  };
}

/** The citizen's own request: what they sent, where it stands, the court's answer; no staff names. */
export function requestView(request: CitizenRequest, contactInFull: boolean) {
  return {
    requestId: request.requestId,
    trackingNo: request.trackingNo,
    channel: request.channel,
    category: request.category,
    status: request.status,
    createdAt: request.createdAt,
    caseNumber: contactInFull ? request.caseNumber : maskCaseNumber(request.caseNumber),
    courtCode: request.courtCode,
    content: contactInFull ? request.content : undefined,
    contact: contactInFull
      ? request.contact
      : { name: maskName(request.contact.name), phone: maskPhone(request.contact.phone) },
    answer: request.answer,
    settledAt: request.settledAt,
  };
}

const CITIZEN_ACTIONS = new Set([
  'dispatched',
  'accepted',
  'replied',
  'reopened',
  'closed',
  'rated',
  'extension_approved',
]);

/** What a citizen sees of the order: status, deadline, the reply, and a history without staff. */
export function citizenOrderView(order: Order, now: Date) {
  return {
    orderId: order.orderId,
    status: order.status,
    courtCode: order.courtCode,
    deadline: order.deadline,
    late: isLate(order, now),
    answer: order.answer,
    repliedAt: order.repliedAt,
    closeReason: order.closeReason,
    history: order.history
      .filter((h) => CITIZEN_ACTIONS.has(h.action))
      .map((h: HistoryEntry) => ({
        at: h.at,
        action: h.action,
        ...(h.details?.courtCode ? { courtCode: h.details.courtCode } : {}),
      })),
  };
}

/**
 * Staff who act on the order see the citizen in full; everyone else sees the masked contact. An
 * unmasked view is noted for the access log (written before the answer leaves: authenticate.ts).
 */
export function staffRequestView(access: Access, staff: Staff, request: CitizenRequest, order: Order | null) {
  const unmasked = access.seesPersonalData(staff, order ?? null);
  if (unmasked) noteUnmaskedView(staff, request as StoredRequest);
  return requestView(request, unmasked);
}
