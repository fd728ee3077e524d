import type { CourtDirectory } from '../domain/courts';
import type { Counts } from '../domain/figures';
import { RATING_CHANNELS, ratio, satisfactionRate } from '../domain/figures';
import type { ApiClient } from './api-client';
import type { Tally } from './tally';

export interface Comparison {
  period: string;
  court: string;
  figure: string;
  simulator: number | null;
  report: number | null;
}

/** Every count of the figures, by its path in the report (`orders.onTime`, `satisfaction.byChannel.web.rated` ...). */
export function flatten(counts: Counts): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  const walk = (prefix: string, value: unknown) => {
    if (typeof value === 'number') out[prefix] = value;
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v);
  };
  walk('', counts);
  out.firstContactResolutionRate = ratio(counts.requests.settled, counts.requests.total);
  out.onTimeRate = ratio(counts.orders.onTime, counts.orders.onTime + counts.orders.late);
  out['satisfaction.rate'] = satisfactionRate(counts.satisfaction);
  for (const ch of RATING_CHANNELS)
    out[`satisfaction.byChannel.${ch}.rate`] = satisfactionRate(counts.satisfaction.byChannel[ch]);
  return out;
}

/** Reads the report of each period and court and sets every figure next to the simulator's own. */
export async function compareReports(
  api: ApiClient,
  tally: Tally,
  periods: string[],
  courts: string[],
): Promise<Comparison[]> {
  const auditor = await api.token('auditor', '赣', 'sim-auditor');
  const rows: Comparison[] = [];
  for (const period of periods) {
    for (const court of courts) {
      const path =
        period.length === 7 ? `/v1/reports/monthly?month=${period}` : `/v1/reports/daily?date=${period}`;
      const reply = await api.call('GET', `${path}&courtCode=${encodeURIComponent(court)}`, {
        token: auditor,
      });
      if (reply.status !== 200) throw new Error(`report ${period} ${court}: ${JSON.stringify(reply.body)}`);
      const expected = flatten(tally.get(period, court));
      for (const [figure, simulator] of Object.entries(expected)) {
        rows.push({ period, court, figure, simulator, report: valueAt(reply.body, figure) });
      }
    }
  }
  return rows;
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
