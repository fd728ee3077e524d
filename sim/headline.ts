import type { ApiClient } from './api-client';

/**
 * The seed report's headline figures for its year (seed/ganfa-minyi-center-2022.txt, line 17):
 * 累计接收办理各类群众诉求28.3万余个, 95%的诉求实现一次性办理到位, 建立分派工单27328个,
 * 群众对工单办理满意度从试运行的92%上升到现在的99%, 平均每月接电和建单数量分别较去年增加32%和40%.
 */
export const SEED = {
  requests: 283_000,
  firstContactResolution: 0.95,
  orders: 27_328,
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
 */
export function headlineTable(
  h: Headline,
  scale: number,
  { seedOrders = false }: { seedOrders?: boolean } = {},
): Array<{ figure: string; seed: string; expected: string; reports: string }> {
  const share = (scale * h.months.length) / 12;
  // Which of the two figures that cannot both hold the run kept (see contradiction()).
  const fcr = seedOrders ? 1 - SEED.orders / SEED.requests : SEED.firstContactResolution;
  const noPrior = h.requestsYoY === null ? ' (no prior year: --prior-year)' : '';
  return [
    {
      figure: 'requests in the year (诉求, all channels)',
      seed: SEED.requests.toLocaleString('en'),
      expected: Math.round(SEED.requests * share).toLocaleString('en'),
      reports: h.requests.toLocaleString('en'),
    },
    {
      figure: 'first-contact resolution (settled / requests)',
      seed: pct(SEED.firstContactResolution),
      expected: seedOrders ? `${pct(fcr)} (the seed's orders allow)` : pct(fcr),
      reports: pct(h.firstContactResolution),
    },
    {
      figure: 'orders created (工单)',
      seed: SEED.orders.toLocaleString('en'),
      expected: seedOrders
        ? Math.round(SEED.orders * share).toLocaleString('en')
        : `${Math.round(SEED.requests * share * (1 - fcr)).toLocaleString('en')} (95% FCR allows)`,
      reports: h.orders.toLocaleString('en'),
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

/**
 * The seed's two figures that cannot both hold (docs/figures.md): one order per request, so
 * 95% first-contact resolution leaves at most 5% of the requests as orders, and the seed's orders
 * would leave this first-contact resolution.
 */
export function contradiction({ seedOrders = false }: { seedOrders?: boolean } = {}): string {
  const allowed = Math.round(SEED.requests * (1 - SEED.firstContactResolution));
  const fcr = (SEED.requests - SEED.orders) / SEED.requests;
  return (
    `The seed's 95% first-contact resolution of ${SEED.requests.toLocaleString('en')} requests leaves at most ` +
    `${allowed.toLocaleString('en')} orders (one order per request); its ${SEED.orders.toLocaleString('en')} orders ` +
    `would leave ${pct(fcr)} settled at first contact. ` +
    (seedOrders
      ? `This run (--seed-orders) keeps the seed's orders and the first-contact resolution they leave.`
      : 'The simulation keeps 95% and the orders it allows (--seed-orders keeps the orders instead).')
  );
}
