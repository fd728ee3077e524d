import type { ApiClient } from './api-client';

/**
 * The seed report's headline figures for its year (seed/ganfa-minyi-center-2022.txt, line 17):
 * 累计接收办理各类群众诉求28.3万余个, 95%的诉求实现一次性办理到位, 建立分派工单27328个,
 * 群众对工单办理满意度从试运行的92%上升到现在的99%, 平均每月接电和建单数量分别较去年增加32%和40%.
 */
export const SEED = {
  requests: 283_000,
  orders: 27_328,
  /** 即时办结率: what the orders leave settled at first contact, 90.3%. */
  firstContactResolution: 1 - 27_328 / 283_000,
  /** 一次性办理到位率 (DOMAIN.md): 95%, with about 12,200 repeats and 1,950 orders needing a second pass. */
  onePassResolution: 0.95,
  repeats: 12_200,
  secondPass: 1_950,
  callbackSatisfactionFirst: 0.92,
  callbackSatisfactionLast: 0.99,
  callsYoY: 0.32,
  ordersYoY: 0.4,
} as const;

/** The simulated year's headline figures, read from the province's monthly reports (not the simulator's count). */
export interface Headline {
  months: string[];
  requests: number;
  settled: number;
  firstContactResolution: number | null;
  repeats: number;
  secondPass: number;
  /** (requests - repeats - second passes) / requests, over the months: how the reports' rate adds up. */
  onePassResolution: number | null;
  orders: number;
  /** The callback channel's satisfaction ((satisfied + basically satisfied) / rated), month by month. */
  callbackSatisfaction: Array<number | null>;
  /** The callback ratings the rates are of, month by month. */
  callbackRated: number[];
  /**
   * The mean over the months that have one of the reports' `change.*`. The seed's 接电 (calls
   * answered) is the product's requests, all channels (DOMAIN.md's monthly "calls answered", the
   * report's `change.requestsYoY`): the center's one number takes every channel's requests.
   */
  requestsYoY: number | null;
  /** The hotline's own requests (the report filtered by `channel=hotline`), for a reader who takes 接电 literally. */
  hotlineYoY: number | null;
  ordersYoY: number | null;
  requestsMoM: number | null;
  ordersMoM: number | null;
}

// biome-ignore lint/suspicious/noExplicitAny: a report is read field by field
type ReportBody = any;

export async function headline(api: ApiClient, months: string[]): Promise<Headline> {
  const auditor = await api.token('auditor', '赣', 'sim-auditor');
  const get = async (month: string, query = ''): Promise<ReportBody> => {
    const reply = await api.call(
      'GET',
      `/v1/reports/monthly?month=${month}&courtCode=${encodeURIComponent('赣')}${query}`,
      {
        token: auditor,
      },
    );
    if (reply.status !== 200) throw new Error(`report ${month}: ${JSON.stringify(reply.body)}`);
    return reply.body;
  };
  const all = await Promise.all(months.map((m) => get(m)));
  const hotline = await Promise.all(months.map((m) => get(m, '&channel=hotline')));
  const mean = (values: Array<number | null>) => {
    const known = values.filter((v): v is number => typeof v === 'number');
    return known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
  };
  const requests = all.reduce((a, r) => a + r.requests.total, 0);
  const settled = all.reduce((a, r) => a + r.requests.settled, 0);
  return {
    months,
    requests,
    settled,
    firstContactResolution: requests === 0 ? null : settled / requests,
    repeats: all.reduce((a, r) => a + r.requests.repeat, 0),
    secondPass: all.reduce((a, r) => a + r.orders.secondPass, 0),
    onePassResolution:
      requests === 0
        ? null
        : (requests - all.reduce((a, r) => a + r.requests.repeat + r.orders.secondPass, 0)) / requests,
    orders: all.reduce((a, r) => a + r.orders.created, 0),
    callbackSatisfaction: all.map((r) => r.satisfaction.byChannel.callback.rate),
    callbackRated: all.map((r) => r.satisfaction.byChannel.callback.rated),
    requestsYoY: mean(all.map((r) => r.change.requestsYoY)),
    hotlineYoY: mean(hotline.map((r) => r.change.requestsYoY)),
    ordersYoY: mean(all.map((r) => r.change.ordersYoY)),
    requestsMoM: mean(all.map((r) => r.change.requestsMoM)),
    ordersMoM: mean(all.map((r) => r.change.ordersMoM)),
  };
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const signed = (v: number | null) => (v === null ? '—' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`);

/**
 * The headline table: each figure of the seed, at the run's scale where it is a count, next to the
 * reports'. `scale` and the year's length turn the seed's year into what the run should show.
 * DOMAIN.md's reading makes the seed's figures agree: 27,328 orders leave 90.3% settled at first
 * contact (即时办结), and 95% is the one-pass rate (一次性办理到位), of which repeats and second passes
 * are the rest.
 */
export function headlineTable(
  h: Headline,
  scale: number,
): Array<{ figure: string; seed: string; expected: string; reports: string }> {
  const share = (scale * h.months.length) / 12;
  const noPrior = h.requestsYoY === null ? ' (no prior year: --prior-year)' : '';
  const count = (n: number) => Math.round(n * share).toLocaleString('en');
  return [
    {
      figure: 'requests in the year (诉求, all channels)',
      seed: SEED.requests.toLocaleString('en'),
      expected: count(SEED.requests),
      reports: h.requests.toLocaleString('en'),
    },
    {
      figure: 'orders created (工单)',
      seed: SEED.orders.toLocaleString('en'),
      expected: count(SEED.orders),
      reports: h.orders.toLocaleString('en'),
    },
    {
      figure: 'first-contact resolution (即时办结率: settled / requests)',
      seed: pct(SEED.firstContactResolution),
      expected: pct(SEED.firstContactResolution),
      reports: pct(h.firstContactResolution),
    },
    {
      figure: 'one-pass resolution (一次性办理到位率)',
      seed: pct(SEED.onePassResolution),
      expected: pct(SEED.onePassResolution),
      reports: pct(h.onePassResolution),
    },
    {
      figure: '  repeat requests (重复诉求)',
      seed: `about ${SEED.repeats.toLocaleString('en')}`,
      expected: count(SEED.repeats),
      reports: h.repeats.toLocaleString('en'),
    },
    {
      figure: '  orders needing a second pass',
      seed: `about ${SEED.secondPass.toLocaleString('en')}`,
      expected: count(SEED.secondPass),
      reports: h.secondPass.toLocaleString('en'),
    },
    {
      figure: `callback satisfaction, first month (${h.months[0]})`,
      seed: pct(SEED.callbackSatisfactionFirst),
      expected: pct(SEED.callbackSatisfactionFirst),
      reports: pct(h.callbackSatisfaction[0] ?? null),
    },
    {
      figure: `callback satisfaction, last month (${h.months.at(-1)})`,
      seed: pct(SEED.callbackSatisfactionLast),
      expected: pct(SEED.callbackSatisfactionLast),
      reports: pct(h.callbackSatisfaction.at(-1) ?? null),
    },
    {
      figure: 'calls (接电 = requests, all channels) YoY, mean of months',
      seed: signed(SEED.callsYoY),
      expected: signed(SEED.callsYoY),
      reports: signed(h.requestsYoY) + noPrior,
    },
    {
      figure: '  of which the hotline (channel=hotline) YoY',
      seed: '',
      expected: `${signed(SEED.callsYoY)} ± channel mix`,
      reports: signed(h.hotlineYoY) + noPrior,
    },
    {
      figure: 'orders YoY, mean of months',
      seed: signed(SEED.ordersYoY),
      expected: signed(SEED.ordersYoY),
      reports: signed(h.ordersYoY) + noPrior,
    },
    {
      figure: 'requests / orders MoM, mean of months (逐月增加)',
      seed: '> 0',
      expected: `${signed(1.32 ** (1 / 12) - 1)} / ${signed(1.4 ** (1 / 12) - 1)}`,
      reports: `${signed(h.requestsMoM)} / ${signed(h.ordersMoM)}`,
    },
  ];
}
