import type { StoredFigures } from '../adapters/dynamo/figures-repo';
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
 * Idempotent: a period is recomputed whole from the records and overwritten, so a re-run writes
 * the same counts and an event recorded late is counted by the next run. The work is the
 * period's requests and ratings (read by day) plus the orders that can have events in it: those
 * open now and those closed since the period began (see adapters/dynamo/keys.ts).
 */
export async function rollup(s: Services, periods: Period[]): Promise<Map<string, FigureBook>> {
  const asOf = s.clock.now();
  const earliest = Math.min(...periods.map((p) => p.start.getTime()));
  const orders = await ordersActiveSince(s, new Date(earliest - ROUND_REACH_MS), asOf);
  const days = await readDays(s, [...new Set(periods.flatMap(daysOf))]);
  const books = new Map<string, FigureBook>();
  for (const period of periods) {
    const book = new FigureBook(s.courts, period, asOf);
    for (const day of daysOf(period)) {
      const { requests, ratings } = days.get(day)!;
      for (const request of requests) book.addRequest(request);
      for (const rating of ratings) book.addRating(rating);
    }
    for (const order of orders) book.addOrder(order);
    // Courts with nothing in the period are not written: a report reads a missing court as zeros
    // once the province's figures for the period exist (services/reports.ts). The province's
    // item is always written: it marks the period as rolled up.
    const stored: StoredFigures[] = book
      .entries()
      .filter(([courtCode, figures]) => courtCode === s.courts.highCourt.code || !isEmpty(figures.counts))
      .map(([courtCode, figures]) => ({
        courtCode,
        period: period.key,
        counts: figures.counts,
        slices: figures.slices,
        asOf: asOf.toISOString(),
      }));
    await s.figures.putAll(stored);
    books.set(period.key, book);
  }
  return books;
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
  const queue = [...days];
  const worker = async () => {
    for (let day = queue.shift(); day; day = queue.shift()) {
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
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return out;
}

/** Orders open now, and those closed since `since` (the closed index is sorted by close time). */
async function ordersActiveSince(s: Services, since: Date, now: Date): Promise<Order[]> {
  const byId = new Map<string, Order>();
  for await (const order of s.orders.listOpen()) byId.set(order.orderId, order);
  for (let month = shanghaiMonth(since); month <= shanghaiMonth(now); month = addMonths(month, 1)) {
    for await (const order of s.orders.listClosedIn(month, since)) byId.set(order.orderId, order);
  }
  return [...byId.values()];
}

/** Days after a month's end during which it is still re-rolled, to count what was recorded late. */
const MONTH_GRACE_DAYS = 3;

/**
 * What the nightly job rolls up (00:30 Shanghai): the two days before today and the month so far,
 * so that anything recorded late is counted on the next night; and in the first days of a month,
 * the month that just ended.
 */
export function nightlyPeriods(now: Date): Period[] {
  const today = shanghaiDate(now);
  const day = (n: number) => shanghaiDate(new Date(Date.parse(`${today}T12:00:00+08:00`) - n * 86_400_000));
  const yesterday = day(1);
  const months = new Set([
    shanghaiMonth(new Date(Date.parse(`${day(MONTH_GRACE_DAYS)}T12:00:00+08:00`))),
    yesterday.slice(0, 7),
  ]);
  return [dayPeriod(day(2)), dayPeriod(yesterday), ...[...months].sort().map(monthPeriod)];
}

function isEmpty(counts: Counts): boolean {
  return JSON.stringify(counts) === EMPTY;
}
const EMPTY = JSON.stringify(emptyCounts());
