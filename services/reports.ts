import type { StoredFigures } from '../adapters/dynamo/figures-repo';
import type { Staff } from '../domain/access';
import { Refusal } from '../domain/errors';
import {
  type Counts,
  change,
  emptyCounts,
  previousMonth,
  previousMonthDay,
  RATING_CHANNELS,
  ratio,
  sameDayLastYear,
  sameMonthLastYear,
  satisfactionRate,
} from '../domain/figures';
import type { Services } from './context';

/** The report API.md describes, for one court (its subtree included) and one period. */
export function reportView(
  current: StoredFigures,
  base: { mom: StoredFigures | null; yoy: StoredFigures | null },
) {
  const c: Counts = current.counts;
  return {
    courtCode: current.courtCode,
    period: current.period,
    asOf: current.asOf,
    requests: {
      total: c.requests.total,
      settled: c.requests.settled,
      byChannel: c.requests.byChannel,
      byCategory: c.requests.byCategory,
    },
    firstContactResolutionRate: ratio(c.requests.settled, c.requests.total),
    orders: c.orders,
    onTimeRate: ratio(c.orders.onTime, c.orders.onTime + c.orders.late),
    escalations: c.escalations,
    satisfaction: {
      rated: c.satisfaction.rated,
      satisfied: c.satisfaction.satisfied,
      basicallySatisfied: c.satisfaction.basicallySatisfied,
      unsatisfied: c.satisfaction.unsatisfied,
      rate: satisfactionRate(c.satisfaction),
      byChannel: Object.fromEntries(
        RATING_CHANNELS.map((ch) => [
          ch,
          { ...c.satisfaction.byChannel[ch], rate: satisfactionRate(c.satisfaction.byChannel[ch]) },
        ]),
      ),
    },
    change: {
      requestsMoM: change(c.requests.total, base.mom?.counts.requests.total),
      requestsYoY: change(c.requests.total, base.yoy?.counts.requests.total),
      ordersMoM: change(c.orders.created, base.mom?.counts.orders.created),
      ordersYoY: change(c.orders.created, base.yoy?.counts.orders.created),
    },
  };
}

export type Report = ReturnType<typeof reportView>;

export async function monthlyReport(
  s: Services,
  staff: Staff,
  month: string,
  courtCode?: string,
): Promise<Report> {
  const court = scope(s, staff, courtCode);
  return report(s, court, month, previousMonth(month), sameMonthLastYear(month));
}

export async function dailyReport(
  s: Services,
  staff: Staff,
  date: string,
  courtCode?: string,
): Promise<Report> {
  const court = scope(s, staff, courtCode);
  return report(s, court, date, previousMonthDay(date), sameDayLastYear(date));
}

function scope(s: Services, staff: Staff, courtCode: string | undefined): string {
  const court = courtCode ?? staff.court;
  if (!s.courts.find(court)) throw new Refusal('not_found', 'not_found', `unknown court ${court}`);
  s.access.assertFigureReader(staff, court);
  return court;
}

async function report(
  s: Services,
  court: string,
  period: string,
  mom: string | null,
  yoy: string | null,
): Promise<Report> {
  const current = (await s.figures.get(court, period)) ?? (await zerosIfRolledUp(s, court, period));
  if (!current) {
    throw new Refusal(
      'not_found',
      'not_rolled_up',
      `no figures for ${period} yet: periods are rolled up at 00:30 Shanghai time the next day`,
    );
  }
  const [m, y] = await Promise.all([
    mom ? s.figures.get(court, mom) : null,
    yoy ? s.figures.get(court, yoy) : null,
  ]);
  return reportView(current, { mom: m, yoy: y });
}

/**
 * A court with nothing in a rolled-up period has no item of its own (services/rollup.ts): zeros.
 * (A missing base period needs no such care: a base of zero gives no change either way.)
 */
async function zerosIfRolledUp(s: Services, court: string, period: string): Promise<StoredFigures | null> {
  const province = await s.figures.get(s.courts.highCourt.code, period);
  return province ? { courtCode: court, period, counts: emptyCounts(), asOf: province.asOf } : null;
}
