import type { Staff } from '../domain/access';
import { assertAnonymous, type KnownMatter } from '../domain/anonymity';
import { notFound, Refusal, wrongState } from '../domain/errors';
import type { Order } from '../domain/order';
import {
  centerNoteFields,
  mayNominateAgain,
  publishedFields,
  type TypicalCase,
  type TypicalCaseStatus,
  typicalCaseIdFor,
} from '../domain/typical-case';
import { shanghaiMonth } from '../domain/working-days';
import type { Services } from './context';

/**
 * POST /v1/orders/{orderId}/typical-case: a supervisor over the order's court nominates it, once
 * it is closed, with a title and summary written by staff. Words that would publish the citizen's
 * name, a phone, the case number or a run of the citizen's own text, or name the accused court of a
 * complaint, are refused (422, in Chinese: the desk shows the message as it is).
 */
export async function nominate(
  s: Services,
  staff: Staff,
  orderId: string,
  input: { title: string; summary: string },
): Promise<TypicalCase> {
  const order = await s.orders.get(orderId);
  if (!order) throw notFound('order');
  s.access.assertSupervisorOver(staff, order);
  if (order.status !== 'closed' || !order.closedAt) throw wrongState('only a closed order may be nominated');
  assertAnonymous(publishedFields(input), await knownMatter(s, order));
  const caseId = typicalCaseIdFor(orderId);
  const earlier = await s.typicalCases.get(caseId);
  // The same nomination again (a retried call): the answer it had.
  if (
    earlier?.status === 'nominated' &&
    earlier.nominatedBy === staff.sub &&
    earlier.title === input.title &&
    earlier.summary === input.summary
  )
    return earlier;
  if (!mayNominateAgain(earlier))
    throw new Refusal(
      'conflict',
      'already_nominated',
      `the order is already ${earlier?.status} as a typical case`,
      [{ caseId }],
    );
  const next: TypicalCase = {
    caseId,
    orderId,
    title: input.title,
    summary: input.summary,
    category: order.category,
    // The firewall: a complaint's handling court would point at the court it accuses.
    courtCode: order.firewalled ? null : order.courtCode,
    month: shanghaiMonth(new Date(order.closedAt)),
    status: 'nominated',
    nominatedBy: staff.sub,
    nominatedAt: s.clock.now().toISOString(),
    decidedBy: null,
    decidedAt: null,
    decisionNote: '',
    version: (earlier?.version ?? 0) + 1,
  };
  if (!(await s.typicalCases.save(next, earlier?.version ?? 0)))
    throw new Refusal('conflict', 'already_nominated', 'the order was nominated meanwhile', [{ caseId }]);
  return next;
}

/** POST /v1/typical-cases/{id}/decision: the center publishes a nominated case, or not. */
export async function decide(
  s: Services,
  staff: Staff,
  caseId: string,
  input: { approved: boolean; note: string },
): Promise<TypicalCase> {
  s.access.assertCenterEditor(staff);
  const current = await s.typicalCases.get(caseId);
  if (!current) throw notFound('typical case');
  if (current.status !== 'nominated') throw wrongState(`the case is already ${current.status}`);
  assertAnonymous(centerNoteFields({ note: input.note }), await knownMatterOfCase(s, current));
  const next: TypicalCase = {
    ...current,
    status: input.approved ? 'published' : 'rejected',
    decidedBy: staff.sub,
    decidedAt: s.clock.now().toISOString(),
    decisionNote: input.note,
    version: current.version + 1,
  };
  if (!(await s.typicalCases.save(next, current.version))) throw wrongState('the case was decided meanwhile');
  return next;
}

/**
 * POST /v1/typical-cases/{id}/withdrawal: the center takes a published case off the public page
 * (words that proved to name someone, a case no longer exemplary), with its reason. Withdrawing a
 * withdrawn case again answers as the first time did, and changes nothing.
 */
export async function withdraw(
  s: Services,
  staff: Staff,
  caseId: string,
  input: { reason: string },
): Promise<TypicalCase> {
  s.access.assertCenterEditor(staff);
  for (;;) {
    const current = await s.typicalCases.get(caseId);
    if (!current) throw notFound('typical case');
    if (current.status === 'withdrawn') return current;
    if (current.status !== 'published')
      throw wrongState(`only a published case is withdrawn, not a ${current.status} one`);
    assertAnonymous(centerNoteFields({ reason: input.reason }), await knownMatterOfCase(s, current));
    const next: TypicalCase = {
      ...current,
      status: 'withdrawn',
      withdrawnBy: staff.sub,
      withdrawnAt: s.clock.now().toISOString(),
      withdrawalReason: input.reason,
      version: current.version + 1,
    };
    if (await s.typicalCases.save(next, current.version)) return next;
  }
}

/** What is known of the citizen and the accused court of an order, for the personal-data detector. */
async function knownMatter(s: Services, order: Order): Promise<KnownMatter> {
  const request = await s.requests.get(order.requestId);
  if (!request) throw notFound('request');
  const accused = order.firewalled ? (s.courts.find(order.subjectCourtCode) ?? null) : null;
  return { citizen: request, accusedCourt: accused };
}

/** The same for a case's order; nothing known of it (the generic patterns still hold) when it is not stored. */
async function knownMatterOfCase(s: Services, c: TypicalCase): Promise<KnownMatter> {
  const order = await s.orders.get(c.orderId);
  const request = order ? await s.requests.get(order.requestId) : null;
  if (!order || !request) return {};
  return {
    citizen: request,
    accusedCourt: order.firewalled ? (s.courts.find(order.subjectCourtCode) ?? null) : null,
  };
}

/** GET /v1/typical-cases: the published ones for anyone; the others (nominated, rejected, withdrawn) for the center. */
export async function listCases(
  s: Services,
  staff: Staff | null,
  query: { status: TypicalCaseStatus; limit: number; cursor?: string | undefined },
) {
  if (query.status !== 'published') s.access.assertCenterEditor(staff);
  return s.typicalCases.listByStatus(query.status, query.limit, query.cursor);
}
