/**
 * Every key of the single table, named for the access pattern it serves (see docs/architecture.md, "Table
 * design"). GSIs are overloaded: each entity fills only the ones it needs, so no index is
 * written for nothing.
 *
 * | entity   | pk / sk                  | gsi1 (exact)          | gsi2 (region)       | gsi3 (province)     | gsi4 (period)           | gsi5 (open, sparse)      |
 * |----------|--------------------------|-----------------------|---------------------|---------------------|-------------------------|--------------------------|
 * | request  | REQ#id / A               | TRK#trackingNo        |                     |                     | REQDAY#yyyy-mm-dd       |                          |
 * | order    | ORD#id / A               | COURT#code            | REGION#intermediate | PROV#high           | TOUCHED#shard (open)    | OPEN#shard / CLOSED#month|
 * | token    | EVT#tokenHash / A        |                       |                     |                     | EVALDAY#yyyy-mm-dd      |                          |
 * | figures  | FIG#court / DAY#d, MONTH#m |                     |                     |                     | FIGDAYS#yyyy-mm (days)  |                          |
 * | attempts | ATT#trackingNo / H#hour  |                       |                     |                     |                         |                          |
 * | outbox   | OUTBOX / at#seq          |                       |                     |                     |                         |                          |
 * | citizen  | CIT#subject / A          |                       |                     |                     |                         |                          |
 * | access   | ALOG#requestId / at#seq  |                       |                     |                     |                         |                          |
 * | case     | CASE#caseNumber / ORD#id |                       |                     |                     |                         |                          |
 * | job      | JOB#name / A             |                       |                     |                     |                         |                          |
 * | stale day| STALEDAYS / DAY#d        |                       |                     |                     |                         |                          |
 * | directory| DIRECTORY / COURT#code, STAFF#id, VERSION |      |                     |                     |                         |                          |
 * | dir. log | DIRLOG / at#changeId     |                       |                     |                     |                         |                          |
 *
 * Requests also fill gsi2 with `PHONE#<keyed hash of the phone>` and gsi3 with `CITIZEN#<subject>`
 * (a WeChat citizen's own requests), both sorted `createdAt#requestId`, and gsi5 with
 * `SETTLED#<Shanghai month>` once settled, or `RECEIVED` (sorted `createdAt#requestId`) while
 * nobody has settled or ordered it: the retention job's work lists. Erasing a request's personal
 * data drops all of them.
 *
 * The retention job's other lists, on gsi5 too (sparse, each until erased, one partition each, read
 * once a night up to the cutoff): a used rating token with a comment under `COMMENTED` (sorted
 * `usedAt#tokenId`), a WeChat citizen's record under `CITSEEN` (sorted `lastSeenAt#subject`). Each
 * holds only what is not erased yet, written less than once a second: one partition is enough.
 *
 * gsi5 holds every order: `OPEN#0..7` while it is open (sorted by stage deadline), then
 * `CLOSED#<Shanghai month it closed>` (sorted by close time). An order with any event in a period
 * is therefore either open now or closed since that period began: the rollups read exactly those.
 *
 * An open order is also listed in gsi4 by the time of its last history line (`TOUCHED#0..7`, the
 * shard of `OPEN#`, sorted `at#orderId`), and leaves it when it closes: the rollups read the open
 * orders touched since a period's reach, eight queries whatever the reach, so an order that lies
 * untouched for good (never replied, never closed) stops costing every night's rollup a read. (It
 * was one partition per Shanghai day, `TOUCHED#2026-03-14`: a night read 47 to 80 of them, most
 * of a night's round trips; the resume sweep moves an order still listed so.)
 *
 * gsi4 also holds each court's stored day figures under their month (`FIGDAYS#2026-03`, sorted by
 * `day#court`): a month's rollup reads its days' stored figures in one query instead of the days'
 * records again (services/rollup.ts).
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
/** Failed access-code attempts on one tracking number in one UTC hour (`2026-11-27T05`). */
export const attemptsKey = (trackingNo: string, hour: string) => ({
  pk: `ATT#${trackingNo}`,
  sk: `H#${hour}`,
});
export const figuresKey = (courtCode: string, period: string) => ({
  pk: `FIG#${courtCode}`,
  sk: period.length === 7 ? `MONTH#${period}` : `DAY#${period}`,
});

export const figureDaysKey = (month: string) => `FIGDAYS#${month}`;
/** The open orders' last-touched partitions (`TOUCHED#0..7`): the order's shard, as in `OPEN#`. */
export const touchedShardKeyOf = (shard: number) => `TOUCHED#${shard}`;
export const touchedShardKey = (orderId: string) => touchedShardKeyOf(shardOf(orderId));
/** Whether an order's gsi4 partition is a last-touched shard (an order written before them has a day there, or none). */
export const isTouchedShardKey = (key: unknown) => typeof key === 'string' && /^TOUCHED#\d$/.test(key);

/** A year of the working calendar loaded at run time (services/calendar.ts): one partition, one item a year. */
export const calendarYearKey = (year: number) => ({ pk: 'CALENDAR', sk: `YEAR#${year}` });

/**
 * The directory at run time (services/directory.ts): every court and member of staff in one
 * partition, so a process that finds the version changed reloads it with one Query (~370 items,
 * ~80 KB: one page); the version item beside them is what every process checks cheaply.
 */
export const DIRECTORY_PARTITION = 'DIRECTORY';
export const directoryCourtKey = (code: string) => ({ pk: DIRECTORY_PARTITION, sk: `COURT#${code}` });
export const directoryMemberKey = (id: string) => ({ pk: DIRECTORY_PARTITION, sk: `STAFF#${id}` });
export const directoryVersionKey = () => ({ pk: DIRECTORY_PARTITION, sk: 'VERSION' });
/** The record of the directory's changes, newest last by time: who, when, before and after. */
export const DIRECTORY_LOG_PARTITION = 'DIRLOG';
export const directoryChangeKey = (at: string, changeId: string) => ({
  pk: DIRECTORY_LOG_PARTITION,
  sk: `${at}#${changeId}`,
});

/** Open orders are spread over a few partitions so a sweep reads them in parallel, none hot. */
export function openShardKey(orderId: string): string {
  return openShardKeyOf(shardOf(orderId));
}

function shardOf(orderId: string): number {
  let h = 0;
  for (const ch of orderId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % OPEN_SHARDS;
}

export const GSI = {
  exact: 'gsi1',
  region: 'gsi2',
  province: 'gsi3',
  period: 'gsi4',
  /** Open orders by stage deadline (`OPEN#shard`), then closed ones by close time (`CLOSED#month`). */
  lifecycle: 'gsi5',
} as const;
/** Requests reuse the indexes orders fill for courts: a request never fills those. */
export const REQUEST_GSI = {
  /** A caller's requests by the keyed hash of their phone (never the phone). */
  phone: GSI.region,
  /** A signed-in WeChat citizen's own requests. */
  citizen: GSI.province,
  /** Settled requests by the month they were settled, until their personal data is erased. */
  settled: GSI.lifecycle,
  /** Requests nobody settled or ordered, by the month they came in, until erased (the same index: a request is one or the other). */
  received: GSI.lifecycle,
} as const;
export type IndexName = (typeof GSI)[keyof typeof GSI];

/** `openShardKey` for shard `n`: the resume sweep reads every shard. */
export const openShardKeyOf = (shard: number) => `OPEN#${shard}`;

/** The local outbox: every message in one partition, in the order sent. */
export const OUTBOX_PARTITION = 'OUTBOX';
export const outboxKey = (sentAt: string, seq: string) => ({ pk: OUTBOX_PARTITION, sk: `${sentAt}#${seq}` });

/**
 * A Query on one partition of an index, optionally from a sort key on: the index's attribute
 * names stay here with the keys.
 */
export function indexQuery(
  index: IndexName,
  partition: string,
  sortFrom?: string,
): {
  IndexName: IndexName;
  KeyConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
} {
  return {
    IndexName: index,
    KeyConditionExpression: sortFrom === undefined ? '#ipk = :ipk' : '#ipk = :ipk AND #isk >= :isk',
    ExpressionAttributeNames:
      sortFrom === undefined ? { '#ipk': `${index}pk` } : { '#ipk': `${index}pk`, '#isk': `${index}sk` },
    ExpressionAttributeValues:
      sortFrom === undefined ? { ':ipk': partition } : { ':ipk': partition, ':isk': sortFrom },
  };
}

/** A Query on one partition of an index for the sort keys before `before`, oldest first. */
export function indexQueryBefore(index: IndexName, partition: string, before: string) {
  return {
    IndexName: index,
    KeyConditionExpression: '#ipk = :ipk AND #isk < :isk',
    ExpressionAttributeNames: { '#ipk': `${index}pk`, '#isk': `${index}sk` },
    ExpressionAttributeValues: { ':ipk': partition, ':isk': before },
  };
}

/** The attributes that list an item in one index: its partition and sort key there. */
export const indexEntry = (index: IndexName, partition: string, sort: string): Record<string, string> => ({
  [`${index}pk`]: partition,
  [`${index}sk`]: sort,
});

export const phoneIndexKey = (phoneHash: string) => `PHONE#${phoneHash}`;
export const citizenRequestsKey = (subject: string) => `CITIZEN#${subject}`;
export const settledMonthKey = (month: string) => `SETTLED#${month}`;
/** The retention job's lists of what has an end but no month walk (adapters/dynamo/keys.ts, gsi5). */
export const RETENTION_LISTS = {
  received: 'RECEIVED',
  commented: 'COMMENTED',
  citizenSeen: 'CITSEEN',
} as const;
/** A WeChat citizen: their openid (to send to) and their subscription grants. */
export const citizenKey = (subject: string) => ({ pk: `CIT#${subject}`, sk: 'A' });
/** One unmasked view of a request's personal data by a member of staff (append-only). */
export const accessLogKey = (requestId: string, at: string, seq: string) => ({
  pk: `ALOG#${requestId}`,
  sk: `${at}#${seq}`,
});
export const accessLogPartition = (requestId: string) => `ALOG#${requestId}`;
/** A day whose stored figures a later decision made untrue, until the rollup recomputes it. */
export const STALE_DAYS_PARTITION = 'STALEDAYS';
export const staleDayKey = (day: string) => ({ pk: STALE_DAYS_PARTITION, sk: `DAY#${day}` });
/** A scheduled job's progress mark. */
export const jobKey = (name: string) => ({ pk: `JOB#${name}`, sk: 'A' });

/**
 * Issue 20, the knowledge base: an entry as it stands (`KB#id / A`) and each kept revision beside it
 * (`KB#id / REV#000001`); entries are listed by state in gsi4 (`KBLIST#published`, sorted
 * `updatedAt#id`). The search index's snapshot (adapters/knowledge-index.ts) is a head item naming
 * the current snapshot and the snapshot's parts in a partition of their own.
 */
export const knowledgeKey = (knowledgeId: string) => ({ pk: `KB#${knowledgeId}`, sk: 'A' });
export const knowledgeRevisionKey = (knowledgeId: string, revision: number) => ({
  pk: `KB#${knowledgeId}`,
  sk: `REV#${String(revision).padStart(6, '0')}`,
});
export const knowledgeListKey = (status: string) => `KBLIST#${status}`;
export const knowledgeIndexHeadKey = { pk: 'KBINDEX', sk: 'HEAD' } as const;
export const knowledgeSnapshotPartition = (snapshotId: string) => `KBSNAP#${snapshotId}`;
/** Typical cases (典型案例): one item each, listed by state in gsi4 (`TCLIST#published`, sorted `at#caseId`). */
export const typicalCaseKey = (caseId: string) => ({ pk: `TC#${caseId}`, sk: 'A' });
export const typicalCaseListKey = (status: string) => `TCLIST#${status}`;
/** An order made for a case number (adapters/dynamo/case-orders-repo.ts). */
export const caseOrdersPartition = (caseKey: string) => `CASE#${caseKey}`;
export const caseOrderKey = (caseKey: string, orderId: string) => ({
  pk: caseOrdersPartition(caseKey),
  sk: `ORD#${orderId}`,
});
