import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CourtDirectory } from '../../domain/courts';
import { busy, notFound } from '../../domain/errors';
import { lastCountedAt } from '../../domain/figures';
import type { Order, OrderStatus } from '../../domain/order';
import { shanghaiMonth } from '../../domain/working-days';
import { pool } from '../pool';
import { confirmEntries } from './confirm';
import { COUNTED_UNTIL, fromItem, writeIf } from './item-codec';
import {
  closedMonthKey,
  courtOrdersKey,
  GSI,
  indexEntry,
  indexQuery,
  isTouchedShardKey,
  OPEN_SHARDS,
  openShardKey,
  openShardKeyOf,
  orderKey,
  provinceOrdersKey,
  regionOrdersKey,
  touchedShardKey,
  touchedShardKeyOf,
} from './keys';
import { decodeCursor, encodeCursor, queryAll } from './paging';

export interface OrderListQuery {
  /** The court listed (one Query on the index of that court's level when `subtree`, else its own). */
  scopeCourt: string;
  /** With every court below `scopeCourt`; false lists that court's own orders only. */
  subtree: boolean;
  status?: OrderStatus | undefined;
  /**
   * `late` as domain/order.ts#isLate defines it, at `now`: replied late, or open and past the
   * reply deadline (true); or the opposite (false).
   */
  late?: { value: boolean; now: Date } | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Told the id of an order an index lists but the table does not hold (adapters/dynamo/confirm.ts). */
export type OnMissing = (orderId: string) => void;
const missingOrder =
  (onMissing: OnMissing | undefined) =>
  ({ pk }: { pk: string }) =>
    onMissing?.(pk.replace(/^ORD#/, ''));

/**
 * How many times one change is tried against concurrent writers before answering 409 `busy`. A
 * change loses a round only to another writer's success, so N writers at once need at most N
 * tries each: a count, not a clock, so that a slow or loaded machine never turns contention into
 * refusals (a 5 s budget refused some of 20 simultaneous failed callbacks at a load of 20). The
 * back-off sleeps at most 40 × 100 ms, well inside the function's 10 s timeout.
 */
const CONTENTION_ATTEMPTS = 40;
const CONTENTION_BASE_BACKOFF_MS = 5;
const CONTENTION_MAX_BACKOFF_MS = 100;

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
    return out.Item ? fromItem<Order>(out.Item) : null;
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
    for (let attempt = 1; ; attempt++) {
      const current = await this.require(orderId);
      const next = await change(current);
      if (next === current) return current;
      if (await this.save(next, current.version)) return next;
      // Many writers at once (20 agents logging failed calls): back off with full jitter so they
      // spread out, and keep going while tries last. Compatible changes all land; a change the new
      // state refuses is refused by `change` on the next round.
      if (attempt >= CONTENTION_ATTEMPTS)
        throw busy(`order ${orderId} is being changed by others; try again`);
      const ceiling = Math.min(CONTENTION_MAX_BACKOFF_MS, CONTENTION_BASE_BACKOFF_MS * 2 ** attempt);
      await new Promise((r) => setTimeout(r, Math.random() * ceiling));
    }
  }

  async list(query: OrderListQuery): Promise<{ items: Order[]; nextCursor: string | null }> {
    const { index, key } = this.scopeIndex(query.scopeCourt, query.subtree);
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
    // A filtered Query can return fewer than `limit` items per page: keep reading until full.
    const items: Order[] = [];
    let start: Record<string, unknown> | undefined = decodeCursor(query.cursor, {
      pk: /^ORD#GD[0-9A-Z]+$/,
      sk: 'A',
      [pkName]: key,
      [skName]: /^\d{4}-\d\d-\d\dT[\d:.]+Z#GD[0-9A-Z]+$/,
    });
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
      for (const item of out.Items ?? []) items.push(fromItem<Order>(item));
      start = out.LastEvaluatedKey;
    } while (start && items.length < query.limit);
    return { items, nextCursor: encodeCursor(start) };
  }

  /**
   * Every open order, shard by shard of the open-orders index. `indexTouched`: an order written
   * before the last-touched index, or listed there by day (keys.ts), is written again with it first (the resume sweep does
   * this at every start and every 15 minutes), so the rollups' reads miss none.
   */
  async *listOpen(options: { indexTouched?: boolean; onMissing?: OnMissing } = {}): AsyncGenerator<Order> {
    for (let shard = 0; shard < OPEN_SHARDS; shard++) {
      const query = { TableName: this.table, ...indexQuery(GSI.lifecycle, openShardKeyOf(shard)) };
      const entries = queryAll(this.db, query);
      // Each listed order as stored, not as the index last saw it (adapters/dynamo/confirm.ts).
      for await (const item of confirmEntries(
        this.db,
        this.table,
        entries,
        missingOrder(options.onMissing),
      )) {
        const order = fromItem<Order>(item);
        if (order.status === 'closed') continue; // closed since the index entry was read
        if (options.indexTouched && !isTouchedShardKey(item.gsi4pk)) await this.save(order, order.version);
        yield order;
      }
    }
  }

  /**
   * The open orders whose stage deadline is before `t`, shard by shard (the open-orders index is
   * sorted by it): among them every order late and unanswered at `t`, however long untouched
   * (issue 20, 超期未办结: the rollups' touched-day reads leave dormant orders out).
   */
  async listOpenDueBefore(t: Date): Promise<Order[]> {
    // The shards at once: a night's rollup reads them all, and one after another was eight round trips.
    const shards: Order[][] = [];
    await pool(OPEN_SHARDS, OPEN_SHARDS, async (shard) => {
      const out: Order[] = [];
      const query = {
        TableName: this.table,
        IndexName: GSI.lifecycle,
        KeyConditionExpression: '#ipk = :ipk AND #isk < :isk',
        ExpressionAttributeNames: { '#ipk': `${GSI.lifecycle}pk`, '#isk': `${GSI.lifecycle}sk` },
        ExpressionAttributeValues: { ':ipk': openShardKeyOf(shard), ':isk': t.toISOString() },
      };
      for await (const item of queryAll(this.db, query)) out.push(fromItem<Order>(item));
      shards[shard] = out;
    });
    return shards.flat();
  }

  /**
   * The open orders whose last history line is at or after `since`: every open order that can have
   * an event, or a round judged, in a period that began after `since` (services/rollup.ts). One
   * query per shard whatever the reach (it was one per day of it: 47 to 80 a night).
   */
  async listOpenTouchedSince(since: Date): Promise<Order[]> {
    const from = since.toISOString();
    const shards: Order[][] = [];
    await pool(OPEN_SHARDS, OPEN_SHARDS, async (shard) => {
      const query = { TableName: this.table, ...indexQuery(GSI.period, touchedShardKeyOf(shard), from) };
      const found: Order[] = [];
      for await (const item of queryAll(this.db, query)) found.push(fromItem<Order>(item));
      shards[shard] = found;
    });
    return shards.flat();
  }

  /**
   * Every order closed in a Shanghai month (closed orders never change again), optionally from
   * `since` on. As the index holds them (a night's figures read them so); with `confirm`, as the
   * table holds them, for code that writes to each (adapters/dynamo/confirm.ts). `countedFrom`:
   * only those that can still count in a period beginning then (domain/figures.ts#lastCountedAt),
   * and those closed before their item kept that instant. A filter, not a key: the rollup reads
   * the orders closed up to 45 days before its periods (a round judged after its order closed), and
   * most of them have nothing left to count; they are no longer sent back, parsed and judged each
   * night (the index is sorted by close time, which the retention job reads).
   */
  async *listClosedIn(
    month: string,
    options: {
      since?: Date | undefined;
      countedFrom?: Date | undefined;
      confirm?: { onMissing?: OnMissing };
    } = {},
  ): AsyncGenerator<Order> {
    const range = indexQuery(GSI.lifecycle, closedMonthKey(month), options.since?.toISOString());
    const query = {
      TableName: this.table,
      ...range,
      ...(options.countedFrom
        ? {
            FilterExpression: 'attribute_not_exists(#counted) OR #counted >= :counted',
            ExpressionAttributeNames: { ...range.ExpressionAttributeNames, '#counted': COUNTED_UNTIL },
            ExpressionAttributeValues: {
              ...range.ExpressionAttributeValues,
              ':counted': options.countedFrom.toISOString(),
            },
          }
        : {}),
    };
    const entries = queryAll(this.db, query);
    const items = options.confirm
      ? confirmEntries(this.db, this.table, entries, missingOrder(options.confirm.onMissing))
      : entries;
    for await (const item of items) yield fromItem<Order>(item);
  }

  private scopeIndex(courtCode: string, subtree: boolean): { index: string; key: string } {
    const court = this.courts.get(courtCode);
    if (!subtree) return { index: GSI.exact, key: courtOrdersKey(court.code) };
    if (court.level === 'high') return { index: GSI.province, key: provinceOrdersKey(court.code) };
    if (court.level === 'intermediate') return { index: GSI.region, key: regionOrdersKey(court.code) };
    return { index: GSI.exact, key: courtOrdersKey(court.code) };
  }

  private async put(order: Order, condition: string, values: Record<string, unknown>): Promise<boolean> {
    const listed = `${order.createdAt}#${order.orderId}`;
    const item: Record<string, unknown> = {
      ...orderKey(order.orderId),
      ...indexEntry(GSI.exact, courtOrdersKey(order.courtCode), listed),
      ...indexEntry(GSI.province, provinceOrdersKey(this.courts.highCourt.code), listed),
      ...order,
    };
    // The region is the intermediate court itself or the one above a basic court (none for the high court).
    const region = this.courts.regionOf(order.courtCode);
    if (region) Object.assign(item, indexEntry(GSI.region, regionOrdersKey(region), listed));
    if (order.status !== 'closed') {
      const touched = order.history.at(-1)?.at ?? order.createdAt;
      Object.assign(
        item,
        indexEntry(GSI.lifecycle, openShardKey(order.orderId), order.stageDeadline ?? order.createdAt),
        indexEntry(GSI.period, touchedShardKey(order.orderId), `${touched}#${order.orderId}`),
      );
    } else {
      const closedAt = order.closedAt ?? order.createdAt;
      item[COUNTED_UNTIL] = lastCountedAt(order);
      Object.assign(
        item,
        indexEntry(
          GSI.lifecycle,
          closedMonthKey(shanghaiMonth(new Date(closedAt))),
          `${closedAt}#${order.orderId}`,
        ),
      );
    }
    return writeIf(
      this.db,
      new PutCommand({
        TableName: this.table,
        Item: item,
        ConditionExpression: condition,
        ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
      }),
    );
  }
}
