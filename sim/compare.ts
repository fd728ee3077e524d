import { CATEGORIES, type Category, CHANNELS, type Channel } from '../domain/categories';
import type { CourtDirectory } from '../domain/courts';
import { type Counts, emptyCounts, RATING_CHANNELS, ratio, satisfactionRate } from '../domain/figures';
import type { ApiClient } from './api-client';
import type { Part, Tally } from './tally';

export interface Comparison {
  period: string;
  court: string;
  figure: string;
  simulator: number | null;
  report: number | null;
}

/** A report's filter as the simulator applies it to its own parts. */
export interface Filter {
  category?: Category;
  channel?: Channel;
}

/** The simulator's sum of some parts of its count (its own code, not the domain's). */
function sum(parts: Counts[]): Counts {
  const out = emptyCounts();
  const add = (into: Record<string, unknown>, from: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(from)) {
      if (typeof v === 'number') into[k] = (into[k] as number) + v;
      else add(into[k] as Record<string, unknown>, v as Record<string, unknown>);
    }
  };
  for (const p of parts)
    add(out as unknown as Record<string, unknown>, p as unknown as Record<string, unknown>);
  return out;
}

/**
 * Every figure a report shows, by its path in the report (`orders.onTime`,
 * `satisfaction.byChannel.web.rated`, `onTimeByCategory.complaint.rate` ...), as the simulator
 * expects it for a period, a court and a filter.
 */
export function expectedFigures(
  tally: Tally,
  period: string,
  court: string,
  filter: Filter = {},
): Record<string, number | null> {
  const kept = (part: Part) =>
    (!filter.category || part.category === filter.category) &&
    (!filter.channel || part.channel === filter.channel);
  const countsOf = (p: string) =>
    filter.category || filter.channel
      ? sum(tally.parts(p, court, kept).map((x) => x.counts))
      : tally.get(p, court);
  const parts = tally.parts(period, court, kept);
  const counts = countsOf(period);
  const out: Record<string, number | null> = {};
  const onePassAt = (prefix: string, c: Counts) => {
    out[`${prefix}.total`] = c.requests.total;
    out[`${prefix}.repeat`] = c.requests.repeat;
    out[`${prefix}.secondPass`] = c.orders.secondPass;
    out[`${prefix}.rate`] = ratio(
      c.requests.total - c.requests.repeat - c.orders.secondPass,
      c.requests.total,
    );
  };
  const walk = (prefix: string, value: unknown) => {
    if (typeof value === 'number') out[prefix] = value;
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v);
  };
  walk('', counts);
  out.firstContactResolutionRate = ratio(counts.requests.settled, counts.requests.total);
  // 一次性办理到位率, the simulator's own arithmetic: repeats and second passes are not resolved in one pass.
  const notOnePass = (c: Counts) => c.requests.repeat + c.orders.secondPass;
  out.onePassResolutionRate = ratio(counts.requests.total - notOnePass(counts), counts.requests.total);
  out.knowledgeBaseRate = ratio(counts.requests.settledWithKnowledge, counts.requests.settled);
  // 按期答复率 (DOMAIN.md): replied by the deadline / replied; the unanswered late rounds apart.
  out.onTimeRate = ratio(
    counts.orders.onTime,
    counts.orders.onTime + counts.orders.late - counts.orders.lateUnanswered,
  );
  out.dueOnTimeRate = ratio(counts.orders.onTime, counts.orders.onTime + counts.orders.late);
  out['satisfaction.rate'] = satisfactionRate(counts.satisfaction);
  for (const ch of RATING_CHANNELS)
    out[`satisfaction.byChannel.${ch}.rate`] = satisfactionRate(counts.satisfaction.byChannel[ch]);
  for (const ch of CHANNELS) {
    const c = sum(parts.filter((p) => p.part.channel === ch).map((p) => p.counts));
    out[`firstContactResolutionByChannel.${ch}.total`] = c.requests.total;
    out[`firstContactResolutionByChannel.${ch}.settled`] = c.requests.settled;
    out[`firstContactResolutionByChannel.${ch}.rate`] = ratio(c.requests.settled, c.requests.total);
    onePassAt(`onePassResolutionByChannel.${ch}`, c);
  }
  for (const cat of CATEGORIES) {
    const c = sum(parts.filter((p) => p.part.category === cat).map((p) => p.counts));
    out[`onTimeByCategory.${cat}.onTime`] = c.orders.onTime;
    out[`onTimeByCategory.${cat}.late`] = c.orders.late;
    out[`onTimeByCategory.${cat}.rate`] = ratio(
      c.orders.onTime,
      c.orders.onTime + c.orders.late - c.orders.lateUnanswered,
    );
    const t = c.satisfaction;
    for (const k of ['rated', 'satisfied', 'basicallySatisfied', 'unsatisfied'] as const)
      out[`satisfaction.byCategory.${cat}.${k}`] = t[k];
    out[`satisfaction.byCategory.${cat}.rate`] = satisfactionRate(t);
    onePassAt(`onePassResolutionByCategory.${cat}`, c);
  }
  // Month on month and year on year, against the base periods the simulation played (a base it
  // did not play may hold another run's traffic: not compared); no such day (31 March's month
  // before, 29 February's year before) or nothing in it: no change.
  const bases = period.length === 7 ? monthBases(period) : dayBases(period);
  for (const [suffix, base] of [
    ['MoM', bases.mom],
    ['YoY', bases.yoy],
  ] as const) {
    if (base !== null && !tally.covers(base)) continue;
    const then = base === null ? null : countsOf(base);
    out[`change.requests${suffix}`] = growth(counts.requests.total, then?.requests.total);
    out[`change.orders${suffix}`] = growth(counts.orders.created, then?.orders.created);
  }
  return out;
}

/** (now - then) / then: the simulator's own, null without a base or on a base of zero. */
const growth = (now: number, then: number | undefined): number | null =>
  then === undefined || then === 0 ? null : (now - then) / then;

/** A month's bases: the month before and the same month a year before (`YYYY-MM`). */
function monthBases(month: string): { mom: string; yoy: string } {
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  const mom = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  return { mom, yoy: `${y - 1}-${month.slice(5)}` };
}

/** A day's bases: the same day of the month before and of the year before, null where there is none. */
function dayBases(date: string): { mom: string | null; yoy: string | null } {
  const real = (d: string) => {
    const t = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d ? d : null;
  };
  const { mom, yoy } = monthBases(date.slice(0, 7));
  return { mom: real(`${mom}-${date.slice(8)}`), yoy: real(`${yoy}-${date.slice(8)}`) };
}

/** Reads the report of each period, court and filter and sets every figure next to the simulator's own. */
export async function compareReports(
  api: ApiClient,
  tally: Tally,
  periods: string[],
  courts: string[],
  filters: Filter[] = [{}],
): Promise<Comparison[]> {
  const auditor = await api.token('auditor', '赣', 'sim-auditor');
  const rows: Comparison[] = [];
  for (const period of periods) {
    for (const court of courts) {
      for (const filter of filters) {
        const path =
          period.length === 7 ? `/v1/reports/monthly?month=${period}` : `/v1/reports/daily?date=${period}`;
        const query = `${filter.category ? `&category=${filter.category}` : ''}${filter.channel ? `&channel=${filter.channel}` : ''}`;
        const reply = await api.call('GET', `${path}&courtCode=${encodeURIComponent(court)}${query}`, {
          token: auditor,
        });
        if (reply.status !== 200) throw new Error(`report ${period} ${court}: ${JSON.stringify(reply.body)}`);
        const name =
          filter.category || filter.channel
            ? `${court}[${filter.category ?? ''}${filter.channel ?? ''}]`
            : court;
        for (const [figure, simulator] of Object.entries(expectedFigures(tally, period, court, filter))) {
          rows.push({ period, court: name, figure, simulator, report: valueAt(reply.body, figure) });
        }
      }
    }
  }
  return rows;
}

/** Every single-category and single-channel filter: each must hold on its own. */
export function everyFilter(): Filter[] {
  return [...CATEGORIES.map((category) => ({ category })), ...CHANNELS.map((channel) => ({ channel }))];
}

function valueAt(body: unknown, path: string): number | null {
  let value: unknown = body;
  for (const key of path.split('.'))
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'number' ? value : null;
}

export const mismatches = (rows: Comparison[]) =>
  rows.filter((r) =>
    r.simulator === null || r.report === null
      ? r.simulator !== r.report
      : Math.abs(r.simulator - r.report) > 1e-12,
  );

/** The courts a simulation is checked on: the province, every intermediate court, basic courts of four regions. */
export function sampleCourts(courts: CourtDirectory): string[] {
  return [
    courts.highCourt.code,
    ...courts
      .all()
      .filter((c) => c.level === 'intermediate')
      .map((c) => c.code),
    '赣1126',
    '赣0102',
    '赣0781',
    '赣0402',
  ].filter((code) => courts.find(code));
}
