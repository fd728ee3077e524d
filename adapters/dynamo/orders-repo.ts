import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CourtDirectory } from '../../domain/courts';
import { notFound } from '../../domain/errors';
import type { Order, OrderStatus } from '../../domain/order';
import { shanghaiMonth } from '../../domain/working-days';
import { isConditionFailure } from './client';
import {
  closedMonthKey,
  courtOrdersKey,
  GSI,
  OPEN_SHARDS,
  openShardKey,
  orderKey,
  provinceOrdersKey,
  regionOrdersKey,
} from './keys';
import { decodeCursor, encodeCursor, queryAll } from './paging';

export interface OrderListQuery {
  /** The court whose subtree is listed (one Query on the index of that court's level). */
  scopeCourt: string;
  status?: OrderStatus | undefined;
  /**
   * `late` as domain/order.ts#isLate defines it, at `now`: replied late, or open and past the
   * reply deadline (true); or the opposite (false).
   */
  late?: { value: boolean; now: Date } | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Only reopened orders the scope court supervises (its supervisors are copied on their ladder). */
  supervised?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

const KEY_FIELDS = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'gsi4pk',
  'gsi4sk',
  'gsi5pk',
  'gsi5sk',
];

export class OrdersRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly courts: CourtDirectory,
  ) {}

  async create(order: Order): Promise<boolean> {
    return this.put(order, 'attribute_not_exists(pk)', {});
  }

  async get(orderId: string): Promise<Order | null> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: orderKey(orderId), ConsistentRead: true }),
    );
    return out.Item ? strip(out.Item) : null;
  }

  async require(orderId: string): Promise<Order> {
    const order = await this.get(orderId);
    if (!order) throw notFound('order');
    return order;
  }

  /** One conditional put: false when someone else changed the order since `expectedVersion`. */
  async save(next: Order, expectedVersion: number): Promise<boolean> {
    return this.put(next, 'version = :v', { ':v': expectedVersion });
  }

  /**
   * Reads the order, applies `change` and writes the result conditionally; when another writer
   * got there first, reads again and re-applies, so the change is judged against what is stored
   * (the loser of two concurrent replies sees `replied` and is refused).
   */
  async update(orderId: string, change: (order: Order) => Order | Promise<Order>): Promise<Order> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.require(orderId);
      const next = await change(current);
      if (next === current) return current;
      if (await this.save(next, current.version)) return next;
      if (attempt >= 5) throw new Error(`order ${orderId}: too much contention`);
    }
  }

  async list(query: OrderListQuery): Promise<{ items: Order[]; nextCursor: string | null }> {
    const { index, key } = this.scopeIndex(query.scopeCourt);
    const pkName = `${index}pk`;
    const skName = `${index}sk`;
    const names: Record<string, string> = { '#pk': pkName };
    const values: Record<string, unknown> = { ':k': key };
    let condition = '#pk = :k';
    if (query.from || query.to) names['#sk'] = skName;
    if (query.from && query.to) {
      condition += ' AND #sk BETWEEN :from AND :to';
      values[':from'] = query.from;
      values[':to'] = `${query.to}~`;
    } else if (query.from) {
      condition += ' AND #sk >= :from';
      values[':from'] = query.from;
    } else if (query.to) {
      condition += ' AND #sk <= :to';
      values[':to'] = `${query.to}~`;
    }
    const filters: string[] = [];
    if (query.status) {
      filters.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = query.status;
    }
    if (query.late) {
      const late =
        '(repliedLate = :true OR (attribute_type(repliedLate, :null) AND #status IN (:d, :a) AND deadline < :now))';
      filters.push(query.late.value ? late : `NOT ${late}`);
      names['#status'] = 'status';
      Object.assign(values, {
        ':true': true,
        ':null': 'NULL',
        ':d': 'dispatched',
        ':a': 'accepted',
        ':now': query.late.now.toISOString(),
      });
    }
    if (query.supervised) {
      filters.push('supervisingCourtCode = :supervising AND reopenCount > :zero');
      Object.assign(values, { ':supervising': query.scopeCourt, ':zero': 0 });
    }
    // A filtered Query can return fewer than `limit` items per page: keep reading until full.
    const items: Order[] = [];
    let start = decodeCursor(query.cursor, ['pk', 'sk', pkName, skName]);
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: index,
          KeyConditionExpression: condition,
          FilterExpression: filters.length ? filters.join(' AND ') : undefined,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: query.limit - items.length,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) items.push(strip(item));
      start = out.LastEvaluatedKey;
    } while (start && items.length < query.limit);
    return { items, nextCursor: encodeCursor(start) };
  }

  /** Every open order of one shard of the open-orders index (the resume sweep reads all shards). */
  async *listOpen(): AsyncGenerator<Order> {
    for (let shard = 0; shard < OPEN_SHARDS; shard++) {
      const query = {
        TableName: this.table,
        IndexName: GSI.open,
        KeyConditionExpression: 'gsi5pk = :k',
        ExpressionAttributeValues: { ':k': `OPEN#${shard}` },
      };
      for await (const item of queryAll(this.db, query)) yield strip(item);
    }
  }

  /** Every order closed in a Shanghai month (closed orders never change again), optionally from `since` on. */
  async *listClosedIn(month: string, since?: Date): AsyncGenerator<Order> {
    const query = {
      TableName: this.table,
      IndexName: GSI.open,
      KeyConditionExpression: since ? 'gsi5pk = :k AND gsi5sk >= :since' : 'gsi5pk = :k',
      ExpressionAttributeValues: since
        ? { ':k': closedMonthKey(month), ':since': since.toISOString() }
        : { ':k': closedMonthKey(month) },
    };
    for await (const item of queryAll(this.db, query)) yield strip(item);
  }

  private scopeIndex(courtCode: string): { index: string; key: string } {
    const court = this.courts.get(courtCode);
    if (court.level === 'high') return { index: GSI.province, key: provinceOrdersKey(court.code) };
    if (court.level === 'intermediate') return { index: GSI.region, key: regionOrdersKey(court.code) };
    return { index: GSI.exact, key: courtOrdersKey(court.code) };
  }

  private async put(order: Order, condition: string, values: Record<string, unknown>): Promise<boolean> {
    const listed = `${order.createdAt}#${order.orderId}`;
    const item: Record<string, unknown> = {
      ...orderKey(order.orderId),
      gsi1pk: courtOrdersKey(order.courtCode),
      gsi1sk: listed,
      gsi3pk: provinceOrdersKey(this.courts.highCourt.code),
      gsi3sk: listed,
      ...order,
    };
    // The region is the intermediate court itself or the one above a basic court (none for the high court).
    const region = this.courts.regionOf(order.courtCode);
    if (region) Object.assign(item, { gsi2pk: regionOrdersKey(region), gsi2sk: listed });
    if (order.status !== 'closed') {
      Object.assign(item, {
        gsi5pk: openShardKey(order.orderId),
        gsi5sk: order.stageDeadline ?? order.createdAt,
      });
    } else {
      const closedAt = order.closedAt ?? order.createdAt;
      Object.assign(item, {
        gsi5pk: closedMonthKey(shanghaiMonth(new Date(closedAt))),
        gsi5sk: `${closedAt}#${order.orderId}`,
      });
    }
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: condition,
          ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}

function strip(item: Record<string, unknown>): Order {
  const copy = { ...item };
  for (const k of KEY_FIELDS) delete copy[k];
  return copy as unknown as Order;
}
