/**
 * Every key of the single table, named for the access pattern it serves (see README, "Table
 * design"). GSIs are overloaded: each entity fills only the ones it needs, so no index is
 * written for nothing.
 *
 * | entity   | pk / sk                  | gsi1 (exact)          | gsi2 (region)       | gsi3 (province)     | gsi4 (period)           | gsi5 (open, sparse)      |
 * |----------|--------------------------|-----------------------|---------------------|---------------------|-------------------------|--------------------------|
 * | request  | REQ#id / A               | TRK#trackingNo        |                     |                     | REQDAY#yyyy-mm-dd       |                          |
 * | order    | ORD#id / A               | COURT#code            | REGION#intermediate | PROV#high           |                         | OPEN#shard / CLOSED#month|
 * | token    | EVT#tokenHash / A        |                       |                     |                     | EVALDAY#yyyy-mm-dd      |                          |
 * | figures  | FIG#court / DAY#d, MONTH#m |                     |                     |                     |                         |                          |
 * | outbox   | OUTBOX / at#seq          |                       |                     |                     |                         |                          |
 *
 * gsi5 holds every order: `OPEN#0..7` while it is open (sorted by stage deadline), then
 * `CLOSED#<Shanghai month it closed>` (sorted by close time). An order with any event in a period
 * is therefore either open now or closed since that period began: the rollups read exactly those.
 */
export const OPEN_SHARDS = 8;

export const requestKey = (requestId: string) => ({ pk: `REQ#${requestId}`, sk: 'A' });
export const orderKey = (orderId: string) => ({ pk: `ORD#${orderId}`, sk: 'A' });

export const trackingIndexKey = (trackingNo: string) => `TRK#${trackingNo}`;
export const requestDayKey = (day: string) => `REQDAY#${day}`;
export const courtOrdersKey = (courtCode: string) => `COURT#${courtCode}`;
export const regionOrdersKey = (intermediateCode: string) => `REGION#${intermediateCode}`;
export const provinceOrdersKey = (highCode: string) => `PROV#${highCode}`;
export const closedMonthKey = (month: string) => `CLOSED#${month}`;
export const evaluationDayKey = (day: string) => `EVALDAY#${day}`;
export const tokenKey = (tokenHash: string) => ({ pk: `EVT#${tokenHash}`, sk: 'A' });
export const figuresKey = (courtCode: string, period: string) => ({
  pk: `FIG#${courtCode}`,
  sk: period.length === 7 ? `MONTH#${period}` : `DAY#${period}`,
});

/** A year of the working calendar loaded at run time (services/calendar.ts): one partition, one item a year. */
export const calendarYearKey = (year: number) => ({ pk: 'CALENDAR', sk: `YEAR#${year}` });

/** Open orders are spread over a few partitions so a sweep reads them in parallel, none hot. */
export function openShardKey(orderId: string): string {
  let h = 0;
  for (const ch of orderId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `OPEN#${h % OPEN_SHARDS}`;
}

export const GSI = {
  exact: 'gsi1',
  region: 'gsi2',
  province: 'gsi3',
  period: 'gsi4',
  open: 'gsi5',
} as const;
