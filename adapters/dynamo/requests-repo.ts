import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CitizenRequest } from '../../domain/citizen-request';
import { shanghaiDate } from '../../domain/working-days';
import { fromItem, writeIf } from './item-codec';
import { GSI, indexEntry, indexQuery, requestDayKey, requestKey, trackingIndexKey } from './keys';
import { queryAll } from './paging';

export class RequestsRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** False when the tracking number or id is taken (the caller draws a new one). */
  async create(request: CitizenRequest): Promise<boolean> {
    return writeIf(
      this.db,
      new PutCommand({
        TableName: this.table,
        Item: toItem(request),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(requestId: string): Promise<CitizenRequest | null> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: requestKey(requestId), ConsistentRead: true }),
    );
    return out.Item ? fromItem<CitizenRequest>(out.Item) : null;
  }

  async getByTrackingNo(trackingNo: string): Promise<CitizenRequest | null> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        ...indexQuery(GSI.exact, trackingIndexKey(trackingNo)),
      }),
    );
    const item = out.Items?.[0];
    return item ? fromItem<CitizenRequest>(item) : null;
  }

  /** Writes `next` only if nobody changed the request since `expectedVersion` was read. */
  async save(next: CitizenRequest, expectedVersion: number): Promise<boolean> {
    return writeIf(
      this.db,
      new PutCommand({
        TableName: this.table,
        Item: toItem(next),
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': expectedVersion },
      }),
    );
  }

  /** Every request created on a Shanghai day, for the rollups. */
  async *listByDay(day: string): AsyncGenerator<CitizenRequest> {
    const query = {
      TableName: this.table,
      ...indexQuery(GSI.period, requestDayKey(day)),
    };
    for await (const item of queryAll(this.db, query)) yield fromItem<CitizenRequest>(item);
  }
}

function toItem(request: CitizenRequest): Record<string, unknown> {
  return {
    ...requestKey(request.requestId),
    ...indexEntry(GSI.exact, trackingIndexKey(request.trackingNo), 'A'),
    // Figures count requests by the Shanghai day they came in.
    ...indexEntry(
      GSI.period,
      requestDayKey(shanghaiDate(new Date(request.createdAt))),
      `${request.createdAt}#${request.requestId}`,
    ),
    ...request,
  };
}
