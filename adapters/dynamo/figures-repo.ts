import { BatchWriteCommand, type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { addCounts, type Counts, emptyCounts, type SliceKey } from '../../domain/figures';
import { confirmEntries } from './confirm';
import { figureDaysKey, figuresKey, GSI, indexEntry, indexQuery } from './keys';
import { queryAll } from './paging';

/** A rolled-up period for one court: its counts and when they were computed. */
export interface StoredFigures {
  courtCode: string;
  period: string;
  counts: Counts;
  /** The same counts per category and channel (domain/figures.ts); absent on periods rolled up before them. */
  slices?: Partial<Record<SliceKey, Counts>>;
  asOf: string;
}

export class FiguresRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(courtCode: string, period: string): Promise<StoredFigures | null> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: figuresKey(courtCode, period) }),
    );
    return out.Item ? strip(out.Item) : null;
  }

  /**
   * The stored figures of `period` for each of `courtCodes` that has them, as their stored string
   * (`encodeFigures`; consistent reads, 100 keys a call): what the rollup compares its new figures
   * with before writing (`sameFigures`). Not decoded: a night compares every court of each of its
   * periods, and decoding each into its ~2,000 counts to encode them again was most of that.
   */
  async getStored(courtCodes: string[], period: string): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const keys = (async function* () {
      for (const code of courtCodes) yield figuresKey(code, period);
    })();
    for await (const item of confirmEntries(this.db, this.table, keys, () => {})) {
      // Items rolled up before the compact form hold maps: encoded as they would be now.
      out.set(
        String(item.courtCode),
        typeof item.figures === 'string' ? item.figures : encodeFigures(stripSparse(item)),
      );
    }
    return out;
  }

  /**
   * Every court's stored figures of every day of `month` (`YYYY-MM`) that has been rolled up.
   * `sparse`: each count that is zero may be missing, as stored (the rollup adds a month's days up
   * every night: filling in ~2,000 zeros per court and day was most of that).
   */
  async *listDaysOf(month: string, { sparse = false } = {}): AsyncGenerator<StoredFigures> {
    const query = { TableName: this.table, ...indexQuery(GSI.period, figureDaysKey(month)) };
    for await (const item of queryAll(this.db, query)) yield sparse ? stripSparse(item) : strip(item);
  }

  /** Overwrites the period's figures for each court: a re-run writes the same counts again. */
  async putAll(items: StoredFigures[]): Promise<void> {
    const batches: StoredFigures[][] = [];
    for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
    await Promise.all(batches.map((batch) => this.writeBatch(batch)));
  }

  private async writeBatch(items: StoredFigures[]): Promise<void> {
    let requests: Record<string, unknown>[] = items.map((f) => ({
      PutRequest: {
        Item: {
          ...figuresKey(f.courtCode, f.period),
          // A day's figures are listed under their month, for the month's rollup.
          ...(f.period.length === 10
            ? indexEntry(GSI.period, figureDaysKey(f.period.slice(0, 7)), `${f.period}#${f.courtCode}`)
            : {}),
          courtCode: f.courtCode,
          period: f.period,
          asOf: f.asOf,
          figures: encodeFigures(f),
        },
      },
    }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      const out = await this.db.send(
        new BatchWriteCommand({ RequestItems: { [this.table]: requests as never } }),
      );
      requests = (out.UnprocessedItems?.[this.table] ?? []) as Record<string, unknown>[];
      if (requests.length > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
    }
  }
}

/**
 * The same counts and slices as those stored (`getStored`), whenever each was computed (a missing
 * count or slice is 0): the same figures encode to the same string.
 */
export function sameFigures(stored: string, figures: Pick<StoredFigures, 'counts' | 'slices'>): boolean {
  return stored === encodeFigures(figures);
}

/**
 * A court's figures for a period are stored as one JSON string holding only the counts that are
 * not zero. As DynamoDB maps, a court's day with its 36 category-and-channel slices was about
 * 2,000 numbers each wrapped as `{"N":"0"}`, almost all zeros: marshalling, validating and
 * parsing them was most of the nightly rollup's time, and each item cost ~20× its information in
 * write and read units. A count absent from the string is 0 (addCounts' rule for older items).
 */
function encodeFigures(f: Pick<StoredFigures, 'counts' | 'slices'>): string {
  return JSON.stringify({
    counts: withoutZeros(f.counts) ?? {},
    // Present even when empty: a day stored with slices is complete (services/rollup.ts).
    // In key order: the same figures make the same string, however the book came to its slices.
    ...(f.slices ? { slices: withoutZeros(sortedKeys(f.slices)) ?? {} } : {}),
  });
}

const sortedKeys = (o: object) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));

/** The value without its zero counts, and without the objects (slices included) left empty. */
function withoutZeros(value: unknown): unknown {
  if (value === 0) return undefined;
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const kept = withoutZeros(v);
    if (kept !== undefined) out[k] = kept;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The item's figures as stored: a count that is zero may be missing (addCounts reads it as 0). */
function stripSparse(item: Record<string, unknown>): StoredFigures {
  const { pk: _pk, sk: _sk, gsi4pk: _gpk, gsi4sk: _gsk, figures, ...rest } = item;
  const stored = rest as unknown as StoredFigures;
  // Items rolled up before the compact form hold `counts` and `slices` as maps.
  const { counts, slices } =
    typeof figures === 'string'
      ? (JSON.parse(figures) as Pick<StoredFigures, 'counts' | 'slices'>)
      : { counts: stored.counts, slices: stored.slices };
  return { ...stored, counts: counts ?? ({} as Counts), ...(slices ? { slices } : {}) };
}

function strip(item: Record<string, unknown>): StoredFigures {
  const { counts, slices, ...stored } = stripSparse(item);
  const dense = (c: Counts | undefined) => addCounts(emptyCounts(), c ?? ({} as Counts));
  return {
    ...stored,
    counts: dense(counts),
    ...(slices
      ? {
          slices: Object.fromEntries(
            Object.entries(slices).map(([key, c]) => [key, dense(c as Counts)]),
          ) as StoredFigures['slices'],
        }
      : {}),
  };
}
