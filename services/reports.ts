import type { StoredFigures } from '../adapters/dynamo/figures-repo';
import type { Staff } from '../domain/access';
import { CATEGORIES, type Category, CHANNELS, type Channel } from '../domain/categories';
import { Refusal } from '../domain/errors';
import {
  addCounts,
  type Counts,
  change,
  dueOnTimeRate,
  emptyCounts,
  onePassRate,
  onTimeRate,
  previousMonth,
  previousMonthDay,
  RATING_CHANNELS,
  type RatingTally,
  ratio,
  rolledUpThrough,
  type SliceKey,
  sameDayLastYear,
  sameMonthLastYear,
  satisfactionRate,
  sliceOf,
} from '../domain/figures';
import type { Services } from './context';

/** A report's optional filters: one category, one channel of the request, or both. */
export interface ReportFilter {
  category?: Category | undefined;
  channel?: Channel | undefined;
}

/**
 * The counts a report shows: the whole, or the sum of the slices a filter keeps
 * (domain/figures.ts). A period rolled up before slices existed has no breakdown: zeros.
 */
function pick(
  stored: StoredFigures,
  filter: ReportFilter,
): { counts: Counts; slices: Array<[SliceKey, Counts]> } {
  const slices = (Object.entries(stored.slices ?? {}) as Array<[SliceKey, Counts]>).filter(([key]) => {
    const { category, channel } = sliceOf(key);
    return (
      (!filter.category || category === filter.category) && (!filter.channel || channel === filter.channel)
    );
  });
  if (!filter.category && !filter.channel) return { counts: addCounts(emptyCounts(), stored.counts), slices };
  return { counts: slices.reduce((sum, [, c]) => addCounts(sum, c), emptyCounts()), slices };
}

const sumWhere = (slices: Array<[SliceKey, Counts]>, keep: (key: SliceKey) => boolean) =>
  slices.filter(([key]) => keep(key)).reduce((sum, [, c]) => addCounts(sum, c), emptyCounts());

/** A tally of ratings and its rate: exactly these five fields (a category's tally also holds its channels). */
const withRate = (t: RatingTally) => ({
  rated: t.rated,
  satisfied: t.satisfied,
  basicallySatisfied: t.basicallySatisfied,
  unsatisfied: t.unsatisfied,
  rate: satisfactionRate(t),
});

/** The report API.md describes, for one court (its subtree included), one period and a filter. */
export function reportView(
  current: StoredFigures,
  base: { mom: StoredFigures | null; yoy: StoredFigures | null },
  filter: ReportFilter = {},
) {
  const { counts: c, slices } = pick(current, filter);
  const perCategory = Object.fromEntries(
    CATEGORIES.map((cat) => [cat, sumWhere(slices, (k) => sliceOf(k).category === cat)]),
  ) as Record<Category, Counts>;
  const perChannel = Object.fromEntries(
    CHANNELS.map((ch) => [ch, sumWhere(slices, (k) => sliceOf(k).channel === ch)]),
  ) as Record<Channel, Counts>;
  const baseOf = (b: StoredFigures | null) => (b ? pick(b, filter).counts : undefined);
  const mom = baseOf(base.mom);
  const yoy = baseOf(base.yoy);
  return {
    courtCode: current.courtCode,
    period: current.period,
    asOf: current.asOf,
    rolledUpThrough: rolledUpThrough(current.period, new Date(current.asOf)),
    filter: { category: filter.category ?? null, channel: filter.channel ?? null },
    requests: {
      total: c.requests.total,
      settled: c.requests.settled,
      byChannel: c.requests.byChannel,
      byCategory: c.requests.byCategory,
      repeat: c.requests.repeat,
      settledWithKnowledge: c.requests.settledWithKnowledge,
    },
    /** 即时办结率: settled at first contact (repeats included: they get no order) / requests. */
    firstContactResolutionRate: ratio(c.requests.settled, c.requests.total),
    /** 一次性办理到位率 (domain/figures.ts, onePassFailures: in which period a failure counts). */
    onePassResolutionRate: onePassRate(c),
    /** First-contact settlements that used the knowledge base / first-contact settlements. */
    knowledgeBaseRate: ratio(c.requests.settledWithKnowledge, c.requests.settled),
    /** Per channel of the request: settled at first contact / requests. */
    firstContactResolutionByChannel: Object.fromEntries(
      CHANNELS.map((ch) => [
        ch,
        {
          total: perChannel[ch].requests.total,
          settled: perChannel[ch].requests.settled,
          rate: ratio(perChannel[ch].requests.settled, perChannel[ch].requests.total),
        },
      ]),
    ),
    /** Per channel and per category of the request: requests, those not resolved in one pass, the rate. */
    onePassResolutionByChannel: Object.fromEntries(CHANNELS.map((ch) => [ch, onePassOf(perChannel[ch])])),
    onePassResolutionByCategory: Object.fromEntries(
      CATEGORIES.map((cat) => [cat, onePassOf(perCategory[cat])]),
    ),
    orders: { ...c.orders, lateUnanswered: c.orders.lateUnanswered ?? 0 },
    /** 按期答复率 (DOMAIN.md): replied by the deadline / replied; domain/figures.ts#onTimeRate. */
    onTimeRate: onTimeRate(c.orders),
    /** The unanswered rounds past their deadline counted as late too: a figure of its own. */
    dueOnTimeRate: dueOnTimeRate(c.orders),
    /** Per category: rounds judged on time and late, and the on-time rate. */
    onTimeByCategory: Object.fromEntries(
      CATEGORIES.map((cat) => {
        const o = perCategory[cat].orders;
        return [cat, { onTime: o.onTime, late: o.late, rate: onTimeRate(o) }];
      }),
    ),
    escalations: c.escalations,
    satisfaction: {
      rated: c.satisfaction.rated,
      satisfied: c.satisfaction.satisfied,
      basicallySatisfied: c.satisfaction.basicallySatisfied,
      unsatisfied: c.satisfaction.unsatisfied,
      rate: satisfactionRate(c.satisfaction),
      byChannel: Object.fromEntries(
        RATING_CHANNELS.map((ch) => [ch, withRate(c.satisfaction.byChannel[ch])]),
      ),
      /** Per category of the request rated (a window-service rating has none and is in no category). */
      byCategory: Object.fromEntries(CATEGORIES.map((cat) => [cat, withRate(perCategory[cat].satisfaction)])),
    },
    change: {
      requestsMoM: change(c.requests.total, mom?.requests.total),
      requestsYoY: change(c.requests.total, yoy?.requests.total),
      ordersMoM: change(c.orders.created, mom?.orders.created),
      ordersYoY: change(c.orders.created, yoy?.orders.created),
    },
  };
}

export type Report = ReturnType<typeof reportView>;

const onePassOf = (c: Counts) => ({
  total: c.requests.total,
  repeat: c.requests.repeat,
  secondPass: c.orders.secondPass,
  rate: onePassRate(c),
});

export async function monthlyReport(
  s: Services,
  staff: Staff,
  month: string,
  courtCode?: string,
  filter: ReportFilter = {},
): Promise<Report> {
  const court = scope(s, staff, courtCode);
  return report(s, court, month, previousMonth(month), sameMonthLastYear(month), filter);
}

export async function dailyReport(
  s: Services,
  staff: Staff,
  date: string,
  courtCode?: string,
  filter: ReportFilter = {},
): Promise<Report> {
  const court = scope(s, staff, courtCode);
  return report(s, court, date, previousMonthDay(date), sameDayLastYear(date), filter);
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
  filter: ReportFilter,
): Promise<Report> {
  const current = await rolledUp(s, court, period);
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
  return reportView(current, { mom: m, yoy: y }, filter);
}

/**
 * A court's stored figures for a period, as of the period's last rollup: the province's item marks
 * it (services/rollup.ts writes a court only when its figures changed, so a court's own `asOf` is
 * when they last changed). A court with nothing in a rolled-up period has no item of its own: zeros.
 * (A missing base period needs no such care: a base of zero gives no change either way.)
 */
async function rolledUp(s: Services, court: string, period: string): Promise<StoredFigures | null> {
  const highCourt = s.courts.highCourt.code;
  const [own, province] = await Promise.all([
    s.figures.get(court, period),
    court === highCourt ? null : s.figures.get(highCourt, period),
  ]);
  const mark = court === highCourt ? own : province;
  if (!mark) return null;
  return { ...(own ?? { courtCode: court, period, counts: emptyCounts() }), asOf: mark.asOf };
}
