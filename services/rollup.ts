import { type StoredFigures, sameFigures } from '../adapters/dynamo/figures-repo';
import { pool } from '../adapters/pool';
import {
  type Counts,
  dayPeriod,
  daysOf,
  emptyCounts,
  FigureBook,
  monthPeriod,
  type Period,
  type RatingRecord,
  type RequestRecord,
} from '../domain/figures';
import type { Order } from '../domain/order';
import { addMonths, shanghaiDate, shanghaiMonth } from '../domain/working-days';
import type { Services } from './context';

/**
 * Rolls records up into per-court figures, in Asia/Shanghai days and months, and stores them.
 * Idempotent: a period is recomputed whole and overwritten, so a re-run writes the same counts and
 * an event recorded late is counted by the next run. A day is computed from its requests and
 * ratings (read by day) plus the orders that can have events in it: those open now and those
 * closed since the period began (see adapters/dynamo/keys.ts). A month reads each day's records
 * once in its life: it adds up the request and rating part of its days' stored figures (one query),
 * reading the records only of today (not over yet) and of days never stored, which it then stores;
 * its orders part is computed from the orders, as a day's is, since an order's rounds are judged in
 * the period of their deadline whichever day the order was touched.
 */
export async function rollup(s: Services, periods: Period[]): Promise<Map<string, FigureBook>> {
  const asOf = s.clock.now();
  const today = shanghaiDate(asOf);
  const earliest = Math.min(...periods.map((p) => p.start.getTime()));
  const orders = await ordersCountedFrom(s, new Date(earliest), asOf);
  const months = periods.filter((p) => p.key.length === 7);
  const asked = new Set(periods.filter((p) => p.key.length === 10).map((p) => p.key));

  // The days' figures already stored, complete (rolled up after the day ended).
  const stored = new Map<string, Map<string, StoredFigures>>();
  for (const month of months) {
    for await (const f of s.figures.listDaysOf(month.key, { sparse: true })) {
      if (!stored.has(f.period)) stored.set(f.period, new Map());
      stored.get(f.period)!.set(f.courtCode, f);
    }
  }
  const complete = (day: string) => {
    const province = stored.get(day)?.get(s.courts.highCourt.code);
    return !!province?.slices && Date.parse(province.asOf) >= dayPeriod(day).end.getTime();
  };
  // Days whose records are read: those asked for, and of each month today and the past days not stored.
  const backfill = new Set<string>();
  for (const month of months) {
    for (const day of daysOf(month)) {
      if (day > today || asked.has(day)) continue;
      if (day === today || !complete(day)) backfill.add(day);
    }
  }
  const records = await readDays(s, [...new Set([...asked, ...backfill])]);

  const books = new Map<string, FigureBook>();
  const dayBooks = new Map<string, FigureBook>();
  // Days: asked for, and past days a month found missing (stored now, so no later month reads them).
  for (const day of [...records.keys()].sort()) {
    const book = new FigureBook(s.courts, dayPeriod(day), asOf);
    const { requests, ratings } = records.get(day)!;
    for (const request of requests) book.addRequest(request);
    for (const rating of ratings) book.addRating(rating);
    if (day !== today || asked.has(day)) {
      for (const order of orders) book.addOrder(order);
      await store(s, book, asOf);
    }
    dayBooks.set(day, book);
    if (asked.has(day)) books.set(day, book);
  }
  for (const period of months) {
    const book = new FigureBook(s.courts, period, asOf);
    for (const order of orders) book.addOrder(order);
    for (const day of daysOf(period)) {
      if (day > today) continue;
      const computed = dayBooks.get(day);
      if (computed) {
        for (const [courtCode, figures] of computed.entries()) book.addRecordsOf(courtCode, figures);
      } else {
        for (const [courtCode, f] of stored.get(day) ?? []) book.addRecordsOf(courtCode, f);
      }
    }
    await store(s, book, asOf);
    books.set(period.key, book);
  }
  return books;
}

/**
 * Only what changed is written: each court's figures are compared with those stored for the period,
 * and a court whose figures are the same is left as it is (a night with nothing new, a past day
 * rolled up again, rewrote every court's figures of every period it covered: writes cost on AWS,
 * and the local simulation's idle months spent most of their time on them). Courts with nothing
 * in the period and nothing stored are not written either: a report reads a missing court as
 * zeros once the province's figures for the period exist (services/reports.ts); one stored with
 * counts is written with its zeros. The province's item is always written: it marks the period as
 * rolled up, and its `asOf` is the period's (the report's) time of the last rollup.
 */
async function store(s: Services, book: FigureBook, asOf: Date): Promise<void> {
  const province = s.courts.highCourt.code;
  const entries = book.entries();
  const before = await s.figures.getStored(
    entries.map(([courtCode]) => courtCode),
    book.period.key,
  );
  const stored: StoredFigures[] = entries
    .filter(([courtCode, figures]) => {
      if (courtCode === province) return true;
      const was = before.get(courtCode);
      return was ? !sameFigures(was, figures) : !isEmpty(figures.counts);
    })
    .map(([courtCode, figures]) => ({
      courtCode,
      period: book.period.key,
      counts: figures.counts,
      slices: figures.slices,
      asOf: asOf.toISOString(),
    }));
  await s.figures.putAll(stored);
}

/**
 * How long before a period an order may have closed and still be judged in it: a reply round is
 * judged in the period of its deadline, and a round answered early can close its order before its
 * deadline. A round lasts at most 10 working days plus a 5-day extension; 45 calendar days covers
 * that across the Spring Festival and National Day holidays.
 */
const ROUND_REACH_MS = 45 * 86_400_000;

type DayRecords = { requests: RequestRecord[]; ratings: RatingRecord[] };

/** Each day's requests and ratings, read once per run however many periods share the day, eight days at a time. */
async function readDays(s: Services, days: string[]): Promise<Map<string, DayRecords>> {
  const out = new Map<string, DayRecords>();
  await pool(days.length, 8, async (k) => {
    const day = days[k]!;
    const records: DayRecords = { requests: [], ratings: [] };
    for await (const request of s.requests.listByDay(day)) records.requests.push(request);
    for await (const token of s.ratingTokens.listRatedOn(day)) {
      if (token.channel !== 'callback' && token.rating && token.usedAt) {
        records.ratings.push({
          channel: token.channel,
          category: token.category,
          courtCode: token.courtCode,
          usedAt: token.usedAt,
          rating: token.rating,
        });
      }
    }
    out.set(day, records);
  });
  return out;
}

/**
 * Every order that can count in a period beginning at `from`: those open now and touched since
 * ROUND_REACH_MS before it, and those closed since then that still count from `from` on (the
 * closed index is sorted by close time). An order's events are history lines, so one with an
 * event in a period was touched since it began; one whose round is judged in a period was touched
 * when the round began, at most ROUND_REACH_MS before. An open order untouched for longer has
 * nothing left to count, and a closed one nothing after its last counted instant
 * (domain/figures.ts#lastCountedAt).
 */
export async function ordersCountedFrom(s: Services, from: Date, now: Date): Promise<Order[]> {
  const since = new Date(from.getTime() - ROUND_REACH_MS);
  const months: string[] = [];
  for (let month = shanghaiMonth(since); month <= shanghaiMonth(now); month = addMonths(month, 1))
    months.push(month);
  const closedIn = async (month: string) => {
    const out: Order[] = [];
    for await (const order of s.orders.listClosedIn(month, { since, countedFrom: from })) out.push(order);
    return out;
  };
  // The lists at once (a night is round trips more than work). An order in two of them was closed
  // while they were read: its closed version is taken (a closed order never changes again).
  const [touched, closed, due] = await Promise.all([
    s.orders.listOpenTouchedSince(since),
    Promise.all(months.map(closedIn)),
    // Late and still unanswered (超期未办结) counts every such order, however long untouched: those
    // past their stage deadline now (one closed or answered since a period's end was touched since).
    s.orders.listOpenDueBefore(now),
  ]);
  const byId = new Map<string, Order>();
  for (const order of [...touched, ...due, ...closed.flat()]) byId.set(order.orderId, order);
  return [...byId.values()];
}

/** Days after a month's end during which it is still re-rolled, to count what was recorded late. */
const MONTH_GRACE_DAYS = 3;

/**
 * The nightly rollup: the nightly periods, and the past days a later decision made untrue
 * (domain/stale-days.ts) with their months; then those days are cleared, unless a decision marked
 * one again while it ran. Only the marked days are read again, never the whole history: the run
 * grows with the decisions that changed a past day (each such day's records, and the orders active
 * from its month on), not with the days behind it.
 */
export async function nightlyRollup(
  s: Services,
): Promise<{ periods: Period[]; books: Map<string, FigureBook> }> {
  const now = s.clock.now();
  await shardTouchedOrdersOnce(s, now);
  const stale = (await s.staleDays.list()).map((d) => d.day).filter((day) => day < shanghaiDate(now));
  const periods = nightlyPeriods(now, stale);
  const books = await rollup(s, periods);
  for (const day of stale) await s.staleDays.clear(day, now);
  return { periods, books };
}

/** Set once every open order is listed by shard in the last-touched index (TOUCHED#0..7). */
const TOUCHED_BY_SHARD = 'touched-by-shard';

/**
 * The rollup reads open orders from the last-touched index by shard; orders stored before it was
 * sharded are listed by day until written again. The resume sweep writes them (every 15 minutes),
 * but a rollup run between a deploy and the sweep would miss them and publish a night's figures
 * short. So the first night after a deploy onto older data moves them itself, reading every open
 * order once, and marks it done: every later night costs one read of the mark. (An order an older
 * function instance writes by day after the mark, while a deploy rolls out, the sweep moves.)
 */
async function shardTouchedOrdersOnce(s: Services, now: Date): Promise<void> {
  if (await s.jobMarks.get(TOUCHED_BY_SHARD)) return;
  for await (const _ of s.orders.listOpen({ indexTouched: true })) {
    // listOpen writes each order still listed by day again, by shard.
  }
  await s.jobMarks.claim(TOUCHED_BY_SHARD, { at: now.toISOString() });
}

/**
 * What the nightly job rolls up (00:30 Shanghai): the two days before today and the month so far,
 * so that anything recorded late is counted on the next night; and in the first days of a month,
 * the month that just ended. `stale`: past days a later decision changed, each with its month.
 * Yesterday stays the second period (the metrics publish it).
 */
export function nightlyPeriods(now: Date, stale: string[] = []): Period[] {
  const today = shanghaiDate(now);
  const day = (n: number) => shanghaiDate(new Date(Date.parse(`${today}T12:00:00+08:00`) - n * 86_400_000));
  const yesterday = day(1);
  const months = new Set([
    shanghaiMonth(new Date(Date.parse(`${day(MONTH_GRACE_DAYS)}T12:00:00+08:00`))),
    yesterday.slice(0, 7),
  ]);
  for (const d of stale) months.add(d.slice(0, 7));
  const days = [day(2), yesterday, ...stale.filter((d) => d < day(2)).sort()];
  return [...new Set(days)].map(dayPeriod).concat([...months].sort().map(monthPeriod));
}

function isEmpty(counts: Counts): boolean {
  return JSON.stringify(counts) === EMPTY;
}
const EMPTY = JSON.stringify(emptyCounts());
