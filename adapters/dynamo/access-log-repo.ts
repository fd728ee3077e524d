import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { fromItem } from './item-codec';
import { accessLogKey, accessLogPartition } from './keys';
import { decodeCursor, encodeCursor } from './paging';

/** One time a member of staff was shown a request's unmasked name, phone or text. */
export interface AccessLogEntry {
  at: string;
  sub: string;
  role: string;
  court: string;
  requestId: string;
  trackingNo: string;
  /** The API route that showed it (`GET /v1/orders/{orderId}`). */
  route: string;
}

let counter = 0;

/**
 * The access log (PIPL): append-only. Each entry is a new item written only where none exists;
 * nothing in the code updates or deletes one, and the functions that write it have no need to.
 */
export class AccessLogRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async append(entry: AccessLogEntry): Promise<void> {
    counter = (counter + 1) % 1_000_000;
    const seq = `${Date.now().toString(36)}${counter.toString().padStart(6, '0')}${Math.random().toString(36).slice(2, 8)}`;
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...accessLogKey(entry.requestId, entry.at, seq), ...entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /** A request's entries, oldest first, paged. */
  async list(
    requestId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<{ items: AccessLogEntry[]; nextCursor: string | null }> {
    const partition = accessLogPartition(requestId);
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, {
          pk: partition,
          sk: /^\d{4}-\d\d-\d\dT[\d:.]+Z#[0-9a-z]+$/,
        }),
      }),
    );
    return {
      items: (out.Items ?? []).map((i) => fromItem<AccessLogEntry>(i)),
      nextCursor: encodeCursor(out.LastEvaluatedKey),
    };
  }
}
