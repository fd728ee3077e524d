import type { AccessLogEntry } from '../adapters/dynamo/access-log-repo';
import type { Staff } from '../domain/access';
import { forbidden, notFound } from '../domain/errors';
import { eraseOrderTexts, eraseRequest, type StoredRequest } from '../domain/personal-data';
import { orderTokenId, requestTokenId } from '../domain/rating-token';
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
  /** Rating comments emptied (with their request, or on their own once as old as the cutoff). */
  commentsErased: number;
  /** WeChat citizens' records (openid, grants) deleted. */
  citizensErased: number;
  /** True when the run stopped at its budget: the next run goes on from its mark. */
  more: boolean;
}

/**
 * The retention job: everything personal has an end (PIPL). It erases, `retentionDays` after:
 * - a request was settled, or its order closed: the request, the order's texts;
 * - a request came in, when nobody has settled or ordered it since (it would otherwise be kept for ever);
 * - a rating's comment was given (and sooner, with its request: a comment is erased with it);
 * - a WeChat citizen last signed in, once none of their requests is left: their openid record
 *   (and sooner, when their last request is erased after they stayed away that long).
 * Settled requests and closed orders are read month by month (a mark keeps the place); the other
 * three from one partition each up to the cutoff. At most `budget` items a run; erasing is
 * idempotent, so a run repeated, or cut off mid-way, changes nothing twice.
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
  const run: RetentionRun = {
    cutoff,
    requestsErased: 0,
    ordersErased: 0,
    commentsErased: 0,
    citizensErased: 0,
    more: false,
  };
  let spent = 0;

  settled: for (let month = mark.settledFrom; month <= cutoffMonth; month = nextMonth(month)) {
    for await (const request of s.requests.listSettledIn(month)) {
      if ((request.settledAt ?? '') >= cutoff) break;
      if (spent++ >= budget) {
        run.more = true;
        break settled;
      }
      if (await eraseOne(s, request.requestId, now, cutoff, run)) run.requestsErased++;
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
      if (await eraseOne(s, order.requestId, now, cutoff, run)) run.requestsErased++;
      mark.closedAfter = sort;
      if (spent % 50 === 0) await s.jobMarks.save(JOB, mark);
    }
    // Read to its end: a month wholly past the cutoff is done for good.
    if (month < cutoffMonth) mark.closedFrom = nextMonth(month);
  }
  await s.jobMarks.save(JOB, mark);

  // Three lists of one partition each, sorted by the time their end counts from and holding only
  // what is not erased yet: each is read up to the cutoff, one query a night, no mark needed.
  const budgetLeft = () => {
    if (run.more) return false;
    if (spent++ < budget) return true;
    run.more = true;
    return false;
  };
  for await (const request of s.requests.listReceivedBefore(cutoff)) {
    if (!budgetLeft()) break;
    if (await eraseOne(s, request.requestId, now, cutoff, run)) run.requestsErased++;
  }
  for await (const token of s.ratingTokens.listCommentedBefore(cutoff)) {
    if (!budgetLeft()) break;
    if (await s.ratingTokens.eraseComment(token.tokenId)) run.commentsErased++;
  }
  for await (const citizen of s.citizens.listLastSeenBefore(cutoff)) {
    if (!budgetLeft()) break;
    if (await forgetCitizenIfGone(s, citizen.subject, cutoff)) run.citizensErased++;
    // One with requests left leaves the list (read again each night it would hold the job for
    // ever): the erasure of their last request judges them again (eraseOne).
    else await s.citizens.setListed(citizen.subject, citizen.lastSeenAt, false);
  }
  return run;
}

/**
 * Erases one request's personal data (one conditional write), then what holds it elsewhere: the
 * comments of its ratings (its own channel's token, its order's callback tokens) and, when it was
 * a WeChat citizen's last request and they stayed away past the cutoff, their openid record.
 * False when the request already was erased.
 */
async function eraseOne(
  s: Services,
  requestId: string,
  now: Date,
  cutoff: string,
  run: RetentionRun,
): Promise<boolean> {
  for (;;) {
    const request = await s.requests.get(requestId);
    if (!request || request.erasedAt) return false;
    if (!(await s.requests.save(eraseRequest(request, now), request.version))) continue;
    for (const tokenId of await ratingTokensOf(s, request.requestId, request.orderId))
      if (await s.ratingTokens.eraseComment(tokenId)) run.commentsErased++;
    if (request.citizenSubject && (await forgetCitizenIfGone(s, request.citizenSubject, cutoff)))
      run.citizensErased++;
    return true;
  }
}

/** The ids of every rating token a request and its order can have (domain/rating-token.ts names them). */
async function ratingTokensOf(s: Services, requestId: string, orderId: string | null): Promise<string[]> {
  const ids = (['web', 'wechat', 'hotline'] as const).map((channel) => requestTokenId(channel, requestId));
  const order = orderId ? await s.orders.get(orderId) : null;
  if (order) for (let seq = 0; seq <= order.stageSeq; seq++) ids.push(orderTokenId(order.orderId, seq));
  return ids;
}

/**
 * Deletes a WeChat citizen's record once none of their requests is left and they last signed in
 * before the cutoff. Seen since, their record goes back on the list, to be judged when that is old.
 */
async function forgetCitizenIfGone(s: Services, subject: string, cutoff: string): Promise<boolean> {
  const lastSeenAt = await s.citizens.lastSeenAt(subject);
  if (lastSeenAt === null) return false;
  if (await s.requests.citizenHasRequests(subject)) return false;
  if (lastSeenAt >= cutoff) {
    await s.citizens.setListed(subject, lastSeenAt, true);
    return false;
  }
  return s.citizens.forget(subject, lastSeenAt);
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
