import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { writeIf } from './item-codec';
import { jobKey } from './keys';

/** Where a paged scheduled job has got to, so that the next run goes on from there. */
export class JobMarksRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get<T extends Record<string, unknown>>(job: string): Promise<T | null> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: jobKey(job), ConsistentRead: true }),
    );
    return out.Item ? (out.Item.mark as T) : null;
  }

  /**
   * Writes the mark only if there is none yet: true for the one caller that wrote it, false for
   * every other (a job run twice or at the same time does its once-only work once).
   */
  async claim(job: string, mark: Record<string, unknown>): Promise<boolean> {
    return writeIf(
      this.db,
      new PutCommand({
        TableName: this.table,
        Item: { ...jobKey(job), mark },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async save(job: string, mark: Record<string, unknown>): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { ...jobKey(job), mark } }));
  }
}
