import { BatchWriteCommand, type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Counts, SliceKey } from '../../domain/figures';
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

  /** Every court's stored figures of every day of `month` (`YYYY-MM`) that has been rolled up. */
  async *listDaysOf(month: string): AsyncGenerator<StoredFigures> {
    const query = { TableName: this.table, ...indexQuery(GSI.period, figureDaysKey(month)) };
    for await (const item of queryAll(this.db, query)) yield strip(item);
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
          ...f,
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

function strip(item: Record<string, unknown>): StoredFigures {
  const { pk: _pk, sk: _sk, gsi4pk: _gpk, gsi4sk: _gsk, ...rest } = item;
  return rest as unknown as StoredFigures;
}
