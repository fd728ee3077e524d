import type { CourtDirectory } from './courts';
import { type Counts, onePassRate, onTimeRate, satisfactionRate } from './figures';

/**
 * Courts ranked against their peers for a month (DOMAIN.md, "Rankings and the monthly 通报"):
 * intermediate courts together; basic courts province-wide and within their intermediate court.
 * Three measures, each ranked on its own, higher is better: on-time rate, satisfaction, one-pass
 * resolution; and an overall place by the mean of the three ranks. Every court is judged on its
 * month's figures as reported, so an intermediate court's include its region's (a court's figures
 * include its subtree), and complaints count at the court that handled them (the firewall).
 *
 * A court with fewer than `minOrders` reply rounds judged in the month (on time + late) has too
 * few orders to judge: it is listed apart, not ranked.
 */
export const RANKING_LEVELS = ['intermediate', 'basic'] as const;
export type RankingLevel = (typeof RANKING_LEVELS)[number];
export const MEASURES = ['onTime', 'satisfaction', 'onePass'] as const;
export type Measure = (typeof MEASURES)[number];

/** Reply rounds judged in a month below which a court is listed apart. @default 5 (configuration: RANKING_MIN_ORDERS) */
export const DEFAULT_RANKING_MIN_ORDERS = 5;

export interface RankedCourt {
  courtCode: string;
  name: string;
  parentCode: string | null;
  requests: number;
  /** Reply rounds judged in the month (on time + late): the volume a court is judged on. */
  ordersJudged: number;
  rates: Record<Measure, number | null>;
  /** Place among the ranked peers, 1 best; equal rates share a place ("1, 2, 2, 4"); null without a rate. */
  ranks: Record<Measure, number | null>;
  overall: number | null;
  /** A basic court's places among the ranked basic courts of its intermediate court. */
  regionRanks: (Record<Measure, number | null> & { overall: number | null }) | null;
}

export interface Ranking {
  month: string;
  level: RankingLevel;
  minOrders: number;
  /** Peers ranked, best overall first. */
  ranked: RankedCourt[];
  /** Too few orders to judge: listed apart, by court code. */
  apart: RankedCourt[];
}

export function rankCourts(
  courts: CourtDirectory,
  month: string,
  level: RankingLevel,
  countsOf: (courtCode: string) => Counts,
  minOrders: number,
): Ranking {
  const peers = courts.all().filter((c) => c.level === level);
  const lines: RankedCourt[] = peers.map((court) => {
    const c = countsOf(court.code);
    return {
      courtCode: court.code,
      name: court.name,
      parentCode: court.parentCode ?? null,
      requests: c.requests.total,
      ordersJudged: c.orders.onTime + c.orders.late,
      rates: {
        onTime: onTimeRate(c.orders),
        satisfaction: satisfactionRate(c.satisfaction),
        onePass: onePassRate(c),
      },
      ranks: { onTime: null, satisfaction: null, onePass: null },
      overall: null,
      regionRanks: null,
    };
  });
  const judged = lines.filter((l) => l.ordersJudged >= minOrders);
  const apart = lines.filter((l) => l.ordersJudged < minOrders).sort(byCode);
  const places = placesAmong(judged);
  for (const line of judged) Object.assign(line, places.get(line.courtCode));
  if (level === 'basic') {
    const regions = new Map<string, RankedCourt[]>();
    for (const line of judged) {
      const region = line.parentCode ?? '';
      regions.set(region, [...(regions.get(region) ?? []), line]);
    }
    for (const members of regions.values()) {
      const within = placesAmong(members);
      for (const line of members) {
        const p = within.get(line.courtCode)!;
        line.regionRanks = { ...p.ranks, overall: p.overall };
      }
    }
  }
  const ranked = judged.sort(
    (a, b) => (a.overall ?? Number.MAX_SAFE_INTEGER) - (b.overall ?? Number.MAX_SAFE_INTEGER) || byCode(a, b),
  );
  return { month, level, minOrders, ranked, apart };
}

const byCode = (a: RankedCourt, b: RankedCourt) =>
  a.courtCode < b.courtCode ? -1 : a.courtCode > b.courtCode ? 1 : 0;

/** Each court's place by each measure among `lines`, and overall by the mean of its places. */
function placesAmong(
  lines: RankedCourt[],
): Map<string, { ranks: Record<Measure, number | null>; overall: number | null }> {
  const out = new Map(
    lines.map((l) => [
      l.courtCode,
      {
        ranks: { onTime: null, satisfaction: null, onePass: null } as Record<Measure, number | null>,
        overall: null as number | null,
      },
    ]),
  );
  for (const m of MEASURES) {
    const rated = lines.filter((l) => l.rates[m] !== null);
    for (const l of rated) {
      // Competition ranking: one more than the number of peers strictly better.
      out.get(l.courtCode)!.ranks[m] = 1 + rated.filter((o) => o.rates[m]! > l.rates[m]! + 1e-12).length;
    }
  }
  const means = lines.map((l) => {
    const r = MEASURES.map((m) => out.get(l.courtCode)!.ranks[m]).filter((x): x is number => x !== null);
    return { code: l.courtCode, mean: r.length === 0 ? null : r.reduce((a, b) => a + b, 0) / r.length };
  });
  for (const x of means) {
    if (x.mean === null) continue;
    out.get(x.code)!.overall = 1 + means.filter((o) => o.mean !== null && o.mean < x.mean! - 1e-12).length;
  }
  return out;
}
