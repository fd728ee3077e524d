import type { StoredFigures } from '../adapters/dynamo/figures-repo';
import { dayPeriod, daysOf, FigureBook, monthPeriod, type Period, previousMonth } from '../domain/figures';
import type { Order } from '../domain/order';
import { shanghaiDate, shanghaiMonth } from '../domain/working-days';
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
  const earliest = new Date(Math.min(...periods.map((p) => p.start.getTime())));
  const orders = await ordersActiveSince(s, earliest, asOf);
  const books = new Map<string, FigureBook>();
  for (const period of periods) {
    const book = new FigureBook(s.courts, period, asOf);
    for (const day of daysOf(period)) {
      for await (const request of s.requests.listByDay(day)) book.addRequest(request);
      for await (const token of s.ratingTokens.listRatedOn(day)) {
        if (token.channel !== 'callback' && token.rating && token.usedAt) {
          book.addRating({
            channel: token.channel,
            courtCode: token.courtCode,
            usedAt: token.usedAt,
            rating: token.rating,
          });
        }
      }
    }
    for (const order of orders) book.addOrder(order);
    const stored: StoredFigures[] = book.entries().map(([courtCode, counts]) => ({
      courtCode,
      period: period.key,
      counts,
      asOf: asOf.toISOString(),
    }));
    await s.figures.putAll(stored);
    books.set(period.key, book);
  }
  return books;
}

async function ordersActiveSince(s: Services, since: Date, now: Date): Promise<Order[]> {
  const byId = new Map<string, Order>();
  for await (const order of s.orders.listOpen()) byId.set(order.orderId, order);
  for (let month = shanghaiMonth(since); month <= shanghaiMonth(now); month = nextMonth(month)) {
    for await (const order of s.orders.listClosedIn(month)) byId.set(order.orderId, order);
  }
  return [...byId.values()];
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * What the nightly job rolls up (00:30 Shanghai): the two days before today, and this month and
 * last month, so that anything recorded late in them is counted on the next night.
 */
export function nightlyPeriods(now: Date): Period[] {
  const today = shanghaiDate(now);
  const day = (n: number) => shanghaiDate(new Date(Date.parse(`${today}T12:00:00+08:00`) - n * 86_400_000));
  const month = shanghaiMonth(now);
  return [dayPeriod(day(2)), dayPeriod(day(1)), monthPeriod(previousMonth(month)), monthPeriod(month)];
}
