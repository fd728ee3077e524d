import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CitizenRequest } from '../../domain/citizen-request';
import { shanghaiDate } from '../../domain/working-days';
import { isConditionFailure } from './client';
import { GSI, requestDayKey, requestKey, trackingIndexKey } from './keys';
import { queryAll } from './paging';

export class RequestsRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** False when the tracking number or id is taken (the caller draws a new one). */
  async create(request: CitizenRequest): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: toItem(request),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async get(requestId: string): Promise<CitizenRequest | null> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: requestKey(requestId), ConsistentRead: true }),
    );
    return out.Item ? strip(out.Item) : null;
  }

  async getByTrackingNo(trackingNo: string): Promise<CitizenRequest | null> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: GSI.exact,
        KeyConditionExpression: 'gsi1pk = :k',
        ExpressionAttributeValues: { ':k': trackingIndexKey(trackingNo) },
      }),
    );
    const item = out.Items?.[0];
    return item ? strip(item) : null;
  }

  /** Writes `next` only if nobody changed the request since `expectedVersion` was read. */
  async save(next: CitizenRequest, expectedVersion: number): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: toItem(next),
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': expectedVersion },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Every request created on a Shanghai day, for the rollups. */
  async *listByDay(day: string): AsyncGenerator<CitizenRequest> {
    const query = {
      TableName: this.table,
      IndexName: GSI.period,
      KeyConditionExpression: 'gsi4pk = :k',
      ExpressionAttributeValues: { ':k': requestDayKey(day) },
    };
    for await (const item of queryAll(this.db, query)) yield strip(item);
  }
}

function toItem(request: CitizenRequest): Record<string, unknown> {
  return {
    ...requestKey(request.requestId),
    gsi1pk: trackingIndexKey(request.trackingNo),
    gsi1sk: 'A',
    // Figures count requests by the Shanghai day they came in.
    gsi4pk: requestDayKey(shanghaiDate(new Date(request.createdAt))),
    gsi4sk: `${request.createdAt}#${request.requestId}`,
    ...request,
  };
}

function strip(item: Record<string, unknown>): CitizenRequest {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi4pk: _c, gsi4sk: _d, ...rest } = item;
  return rest as unknown as CitizenRequest;
}
