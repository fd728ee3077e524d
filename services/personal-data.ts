import type { AccessLogEntry } from '../adapters/dynamo/access-log-repo';
import type { Staff } from '../domain/access';
import { forbidden, notFound } from '../domain/errors';
import { eraseOrderTexts, eraseRequest, type StoredRequest } from '../domain/personal-data';
import { shanghaiMonth } from '../domain/working-days';
import type { Services } from './context';

/**
 * Personal information as PIPL wants it kept (issue 12): found by a keyed hash of the phone, each
 * unmasked view by staff recorded, and erased a configured time after the request is done with.
 */

/** The keyed hash of a phone, under the deployment's secret key. */
export async function hashPhone(s: Services, phone: string): Promise<string> {
  return s.personalData.phoneHash(phone);
}

/** GET /v1/requests/{trackingNo}/access-log: auditors who may read the request. */
export async function readAccessLog(
  s: Services,
  staff: Staff,
  trackingNo: string,
  limit: number,
  cursor: string | undefined,
) {
  const request = await s.requests.getByTrackingNo(trackingNo);
  if (!request) throw notFound('request');
  const order = request.orderId ? await s.orders.get(request.orderId) : null;
  s.access.assertRequestReader(staff, order ?? null);
  if (staff.role !== 'auditor') throw forbidden('only auditors read the access log');
  return s.accessLog.list(request.requestId, limit, cursor);
}

/**
 * What a call has shown unmasked, per member of staff (the `Staff` object is the call's own):
 * views note it as they unmask; the HTTP layer records it before the answer leaves.
 */
const shown = new WeakMap<Staff, StoredRequest[]>();

export function noteUnmaskedView(staff: Staff, request: StoredRequest): void {
  // An erased request has nothing left to show.
  if (request.erasedAt) return;
  const list = shown.get(staff) ?? [];
  list.push(request);
  shown.set(staff, list);
}

/** Writes one access-log entry per request shown unmasked in this call; a failed write fails the call. */
export async function recordUnmaskedViews(s: Services, staff: Staff, route: string): Promise<void> {
  const requests = shown.get(staff);
  if (!requests?.length) return;
  shown.delete(staff);
  const at = s.clock.now().toISOString();
  const seen = new Set<string>();
  for (const r of requests) {
    if (seen.has(r.requestId)) continue;
    seen.add(r.requestId);
    const entry: AccessLogEntry = {
      at,
      sub: staff.sub,
      role: staff.role,
      court: staff.court,
      requestId: r.requestId,
      trackingNo: r.trackingNo,
      route,
    };
    await s.accessLog.append(entry);
  }
}

/** The first month the retention job looks at: the system holds nothing older. */
export const RETENTION_FIRST_MONTH = '2016-01';
const JOB = 'personal-data-retention';

interface RetentionMark extends Record<string, unknown> {
  /** Every settled request of months before this one is erased (their index partitions are empty). */
  settledFrom: string;
  /** The last closed order (`closedAt#orderId`) whose request was erased. */
  closedAfter: string | null;
  /**
   * Every closed order of months before this one is erased. Without it a run with no closed order
   * yet to erase read every month since RETENTION_FIRST_MONTH, ninety queries a night.
   */
  closedFrom?: string;
}

export interface RetentionRun {
  cutoff: string;
  requestsErased: number;
  ordersErased: number;
  /** True when the run stopped at its budget: the next run goes on from its mark. */
  more: boolean;
}

/**
 * The retention job: erases the personal data of every request settled, or whose order closed,
 * more than `retentionDays` ago. It works month by month through two lists (settled requests on
 * their own index, closed orders on theirs), at most `budget` requests a run, keeping its place in
 * a mark; erasing is idempotent, so a run repeated, or cut off mid-way, changes nothing twice.
 */
export async function erasePersonalData(
  s: Services,
  options: { retentionDays: number; budget?: number },
): Promise<RetentionRun> {
  const now = s.clock.now();
  const cutoff = new Date(now.getTime() - options.retentionDays * 86_400_000).toISOString();
  const cutoffMonth = shanghaiMonth(new Date(cutoff));
  const budget = options.budget ?? 2_000;
  const mark: RetentionMark = (await s.jobMarks.get<RetentionMark>(JOB)) ?? {
    settledFrom: RETENTION_FIRST_MONTH,
    closedAfter: null,
  };
  const run: RetentionRun = { cutoff, requestsErased: 0, ordersErased: 0, more: false };
  let spent = 0;

  settled: for (let month = mark.settledFrom; month <= cutoffMonth; month = nextMonth(month)) {
    for await (const request of s.requests.listSettledIn(month)) {
      if ((request.settledAt ?? '') >= cutoff) break;
      if (spent++ >= budget) {
        run.more = true;
        break settled;
      }
      if (await eraseOne(s, request.requestId, now)) run.requestsErased++;
    }
    // A month wholly past the cutoff is done for good; the cutoff's own month is read again next time.
    if (month < cutoffMonth) mark.settledFrom = nextMonth(month);
  }
  await s.jobMarks.save(JOB, mark);

  const closedFrom = mark.closedFrom ?? RETENTION_FIRST_MONTH;
  const afterMonth = mark.closedAfter ? shanghaiMonth(new Date(mark.closedAfter.split('#')[0]!)) : closedFrom;
  closed: for (
    let month = [afterMonth, closedFrom].sort()[1]!;
    month <= cutoffMonth && !run.more;
    month = nextMonth(month)
  ) {
    const since = mark.closedAfter ? new Date(mark.closedAfter.split('#')[0]!) : undefined;
    for await (const order of s.orders.listClosedIn(month, { since, confirm: {} })) {
      const sort = `${order.closedAt}#${order.orderId}`;
      if (mark.closedAfter && sort <= mark.closedAfter) continue;
      if ((order.closedAt ?? '') >= cutoff) break closed;
      if (spent++ >= budget) {
        run.more = true;
        break closed;
      }
      const erased = await s.orders.update(order.orderId, (o) => eraseOrderTexts(o));
      if (erased.version !== order.version) run.ordersErased++;
      if (await eraseOne(s, order.requestId, now)) run.requestsErased++;
      mark.closedAfter = sort;
      if (spent % 50 === 0) await s.jobMarks.save(JOB, mark);
    }
    // Read to its end: a month wholly past the cutoff is done for good.
    if (month < cutoffMonth) mark.closedFrom = nextMonth(month);
  }
  await s.jobMarks.save(JOB, mark);
  return run;
}

/** Erases one request's personal data (one conditional write); false when it already was. */
async function eraseOne(s: Services, requestId: string, now: Date): Promise<boolean> {
  for (;;) {
    const request = await s.requests.get(requestId);
    if (!request || request.erasedAt) return false;
    if (await s.requests.save(eraseRequest(request, now), request.version)) return true;
  }
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
