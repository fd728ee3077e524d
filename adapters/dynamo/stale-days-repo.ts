import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { STALE_DAYS_PARTITION, staleDayKey } from './keys';
import { queryAll } from './paging';

/**
 * Days whose stored figures a later decision made untrue (domain/stale-days.ts): one item a day
 * in one partition, marked before the decision is written (a decision that then loses its race
 * costs one needless recompute, never a stale day), cleared by the rollup that recomputed it.
 */
export class StaleDaysRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async mark(days: string[], at: Date): Promise<void> {
    await Promise.all(
      days.map((day) =>
        this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...staleDayKey(day), day, markedAt: at.toISOString() },
          }),
        ),
      ),
    );
  }

  /** Every marked day, oldest first, with when it was last marked. */
  async list(): Promise<Array<{ day: string; markedAt: string }>> {
    const out: Array<{ day: string; markedAt: string }> = [];
    const query = {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': STALE_DAYS_PARTITION },
      ConsistentRead: true,
    };
    for await (const item of queryAll(this.db, query))
      out.push({ day: String(item.day), markedAt: String(item.markedAt) });
    return out;
  }

  /** Clears a day recomputed from what was stored at `asOf`, unless it was marked again since. */
  async clear(day: string, asOf: Date): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.table,
          Key: staleDayKey(day),
          ConditionExpression: 'markedAt <= :asOf',
          ExpressionAttributeValues: { ':asOf': asOf.toISOString() },
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
}
