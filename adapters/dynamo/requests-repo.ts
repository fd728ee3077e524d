import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredRequest } from '../../domain/personal-data';
import { shanghaiDate, shanghaiMonth } from '../../domain/working-days';
import { fromItem, writeIf } from './item-codec';
import {
  citizenRequestsKey,
  GSI,
  type IndexName,
  indexEntry,
  indexQuery,
  indexQueryBefore,
  phoneIndexKey,
  REQUEST_GSI,
  RETENTION_LISTS,
  requestDayKey,
  requestKey,
  settledMonthKey,
  trackingIndexKey,
} from './keys';
import { decodeCursor, encodeCursor, queryAll } from './paging';

export class RequestsRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** False when the tracking number or id is taken (the caller draws a new one). */
  async create(request: StoredRequest): Promise<boolean> {
    return writeIf(
      this.db,
      new PutCommand({
        TableName: this.table,
        Item: toItem(request),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(requestId: string): Promise<StoredRequest | null> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: requestKey(requestId), ConsistentRead: true }),
    );
    return out.Item ? fromItem<StoredRequest>(out.Item) : null;
  }

  async getByTrackingNo(trackingNo: string): Promise<StoredRequest | null> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        ...indexQuery(GSI.exact, trackingIndexKey(trackingNo)),
      }),
    );
    const entry = out.Items?.[0];
    // The request as stored, not as the index last saw it (adapters/dynamo/confirm.ts): a citizen
    // reads their own write, and no index entry without its item stands for a request.
    return entry ? this.get(fromItem<StoredRequest>(entry).requestId) : null;
  }

  /** A caller's requests, newest first, by the keyed hash of their phone (agents' lookup). */
  listByPhoneHash(phoneHash: string, limit: number, cursor: string | undefined) {
    return this.page(REQUEST_GSI.phone, phoneIndexKey(phoneHash), limit, cursor);
  }

  /** A signed-in WeChat citizen's own requests, newest first. */
  listByCitizen(subject: string, limit: number, cursor: string | undefined) {
    return this.page(REQUEST_GSI.citizen, citizenRequestsKey(subject), limit, cursor);
  }

  /** Requests settled in a Shanghai month whose personal data is not erased yet, after `afterSort` (`settledAt#requestId`). */
  async *listSettledIn(month: string, afterSort?: string): AsyncGenerator<StoredRequest> {
    const query = {
      TableName: this.table,
      ...indexQuery(REQUEST_GSI.settled, settledMonthKey(month), afterSort),
    };
    for await (const item of queryAll(this.db, query)) {
      const request = fromItem<StoredRequest>(item);
      if (afterSort === undefined || `${request.settledAt}#${request.requestId}` > afterSort) yield request;
    }
  }

  /** Requests that came in before `cutoff` and that nobody settled or ordered, not erased yet, oldest first. */
  async *listReceivedBefore(cutoff: string): AsyncGenerator<StoredRequest> {
    const query = {
      TableName: this.table,
      ...indexQueryBefore(REQUEST_GSI.received, RETENTION_LISTS.received, cutoff),
    };
    for await (const item of queryAll(this.db, query)) yield fromItem<StoredRequest>(item);
  }

  /**
   * The agents' inbox: requests filed on `channels` that nobody settled, ordered or linked yet,
   * oldest first. It reads the same sparse list as the retention job (`RECEIVED`, sorted
   * `createdAt#requestId`): a request leaves it when it is handled, so the query costs what is
   * waiting now, never the year's requests. A page may hold fewer than `limit` (the filter drops
   * the few hotline requests an agent left unhandled); `nextCursor` goes on.
   */
  async listReceived(
    channels: readonly string[],
    limit: number,
    cursor: string | undefined,
  ): Promise<{ items: StoredRequest[]; nextCursor: string | null }> {
    const values = Object.fromEntries(channels.map((c, i) => [`:ch${i}`, c]));
    const query = indexQuery(REQUEST_GSI.received, RETENTION_LISTS.received);
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        ...query,
        FilterExpression: `#channel IN (${Object.keys(values).join(', ')})`,
        ExpressionAttributeNames: { ...query.ExpressionAttributeNames, '#channel': 'channel' },
        ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ...values },
        ScanIndexForward: true,
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, {
          pk: /^REQ#RQ[0-9A-Z]+$/,
          sk: 'A',
          [`${REQUEST_GSI.received}pk`]: RETENTION_LISTS.received,
          [`${REQUEST_GSI.received}sk`]: /^\d{4}-\d\d-\d\dT[\d:.]+Z#RQ[0-9A-Z]+$/,
        }),
      }),
    );
    return {
      items: (out.Items ?? []).map((i) => fromItem<StoredRequest>(i)),
      nextCursor: encodeCursor(out.LastEvaluatedKey),
    };
  }

  /** Whether a WeChat citizen still has a request holding their subject (erased ones do not). */
  async citizenHasRequests(subject: string): Promise<boolean> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        ...indexQuery(REQUEST_GSI.citizen, citizenRequestsKey(subject)),
        Limit: 1,
      }),
    );
    return (out.Items?.length ?? 0) > 0;
  }

  private async page(
    index: IndexName,
    partition: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<{ items: StoredRequest[]; nextCursor: string | null }> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        ...indexQuery(index, partition),
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, {
          pk: /^REQ#RQ[0-9A-Z]+$/,
          sk: 'A',
          [`${index}pk`]: partition,
          [`${index}sk`]: /^\d{4}-\d\d-\d\dT[\d:.]+Z#RQ[0-9A-Z]+$/,
        }),
      }),
    );
    return {
      items: (out.Items ?? []).map((i) => fromItem<StoredRequest>(i)),
      nextCursor: encodeCursor(out.LastEvaluatedKey),
    };
  }

  /** Writes `next` only if nobody changed the request since `expectedVersion` was read. */
  async save(next: StoredRequest, expectedVersion: number): Promise<boolean> {
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
  async *listByDay(day: string): AsyncGenerator<StoredRequest> {
    const query = {
      TableName: this.table,
      ...indexQuery(GSI.period, requestDayKey(day)),
    };
    for await (const item of queryAll(this.db, query)) yield fromItem<StoredRequest>(item);
  }
}

function toItem(request: StoredRequest): Record<string, unknown> {
  const listed = `${request.createdAt}#${request.requestId}`;
  return {
    // Issue 12: the phone-hash and citizen indexes, and the retention job's list of settled
    // requests; an erased request has none of them.
    ...(request.phoneHash ? indexEntry(REQUEST_GSI.phone, phoneIndexKey(request.phoneHash), listed) : {}),
    ...(request.citizenSubject
      ? indexEntry(REQUEST_GSI.citizen, citizenRequestsKey(request.citizenSubject), listed)
      : {}),
    ...(request.status === 'settled' && request.settledAt && !request.erasedAt
      ? indexEntry(
          REQUEST_GSI.settled,
          settledMonthKey(shanghaiMonth(new Date(request.settledAt))),
          `${request.settledAt}#${request.requestId}`,
        )
      : {}),
    // A request nobody settled or ordered has an end too: the retention job finds it here.
    ...(request.status === 'received' && !request.erasedAt
      ? indexEntry(
          REQUEST_GSI.received,
          RETENTION_LISTS.received,
          `${request.createdAt}#${request.requestId}`,
        )
      : {}),
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
