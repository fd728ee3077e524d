import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import type { KnowledgeEntry, KnowledgeRevision, KnowledgeStatus } from '../../domain/knowledge';
import { fromItem, writeIf } from './item-codec';
import {
  GSI,
  indexQuery,
  knowledgeIndexHeadKey,
  knowledgeKey,
  knowledgeListKey,
  knowledgeRevisionKey,
  knowledgeSnapshotPartition,
} from './keys';
import { queryAll } from './paging';
import { listNewestFirst, onStateList } from './state-lists';

/** The head of the search index: which snapshot is current, and how many parts it has. */
export interface KnowledgeIndexHead {
  /** Goes up by one with every snapshot: a container holding this version holds the current index. */
  version: number;
  snapshotId: string;
  parts: number;
  /** The snapshot this one replaced: kept one version longer, for a reader still loading it. */
  previous?: { snapshotId: string; parts: number };
}

/** A DynamoDB item holds 400 KB: a snapshot is cut into parts that fit with room to spare. */
const PART_BYTES = 350 * 1024;

/** Knowledge-base entries, their revisions, and the stored snapshot of their search index. */
export class KnowledgeRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(knowledgeId: string): Promise<KnowledgeEntry | null> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: knowledgeKey(knowledgeId), ConsistentRead: true }),
    );
    return out.Item ? fromItem<KnowledgeEntry>(out.Item) : null;
  }

  /**
   * Writes the entry as it now stands, only if nobody wrote it since `expectedRevision` (0 for a
   * new entry), then keeps the revision beside it. In that order: a writer that loses the race
   * writes nothing, so a kept revision is always one that stood. A crash between the two leaves the
   * revision missing; `revisions` reads it off the entry, and the same call run again writes it.
   */
  async write(
    entry: KnowledgeEntry,
    revision: KnowledgeRevision,
    expectedRevision: number,
  ): Promise<boolean> {
    const written = await writeIf(
      this.db,
      new PutCommand({
        TableName: this.table,
        Item: {
          ...knowledgeKey(entry.knowledgeId),
          ...onStateList(knowledgeListKey(entry.status), entry.updatedAt, entry.knowledgeId),
          ...entry,
        },
        ...(expectedRevision === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: 'revision = :r',
              ExpressionAttributeValues: { ':r': expectedRevision },
            }),
      }),
    );
    if (written) await this.keepRevision(revision);
    return written;
  }

  async keepRevision(revision: KnowledgeRevision): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...knowledgeRevisionKey(revision.knowledgeId, revision.revision), ...revision },
      }),
    );
  }

  /** Every kept revision of an entry, oldest first. */
  async revisions(knowledgeId: string): Promise<KnowledgeRevision[]> {
    const out: KnowledgeRevision[] = [];
    for await (const item of queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rev)',
      ExpressionAttributeValues: { ':pk': knowledgeKey(knowledgeId).pk, ':rev': 'REV#' },
    }))
      out.push(fromItem<KnowledgeRevision>(item));
    return out;
  }

  /** Entries in one state, most recently changed first (the editors' list). */
  listByStatus(status: KnowledgeStatus, limit: number, cursor: string | undefined) {
    return listNewestFirst<KnowledgeEntry>(
      this.db,
      this.table,
      knowledgeListKey(status),
      'KB',
      limit,
      cursor,
    );
  }

  /** Every published entry: what a snapshot is built from when there is none yet. */
  async *allPublished(): AsyncGenerator<KnowledgeEntry> {
    for await (const item of queryAll(this.db, {
      TableName: this.table,
      ...indexQuery(GSI.period, knowledgeListKey('published')),
    }))
      yield fromItem<KnowledgeEntry>(item);
  }

  async indexHead(): Promise<KnowledgeIndexHead | null> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: knowledgeIndexHeadKey, ConsistentRead: true }),
    );
    return out.Item ? (fromItem<KnowledgeIndexHead>(out.Item) as KnowledgeIndexHead) : null;
  }

  /** The snapshot's bytes, its parts put back together. */
  async readSnapshot(head: KnowledgeIndexHead): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const item of queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': knowledgeSnapshotPartition(head.snapshotId) },
      ConsistentRead: true,
    }))
      parts.push(Buffer.from(item.data as Uint8Array));
    if (parts.length !== head.parts) throw new Error(`knowledge snapshot ${head.snapshotId} is incomplete`);
    return Buffer.concat(parts);
  }

  /** Stores a snapshot's parts under its own id; nothing reads them until a head names it. */
  async writeSnapshot(snapshotId: string, bytes: Buffer): Promise<number> {
    const items: Record<string, unknown>[] = [];
    for (let i = 0, n = 0; i < Math.max(bytes.length, 1); i += PART_BYTES, n++)
      items.push({
        pk: knowledgeSnapshotPartition(snapshotId),
        sk: `P#${String(n).padStart(4, '0')}`,
        data: bytes.subarray(i, i + PART_BYTES),
      });
    // One part at a time: a 350 KB part is as much as one BatchWrite's 16 MB allows many times over,
    // but dynalite and DynamoDB both take single puts of it without retrying unprocessed items.
    for (const item of items) await this.db.send(new PutCommand({ TableName: this.table, Item: item }));
    return items.length;
  }

  /** Makes `next` the current snapshot only if the head still is `expected` (null: no head yet). */
  async swapHead(next: KnowledgeIndexHead, expected: KnowledgeIndexHead | null): Promise<boolean> {
    return writeIf(
      this.db,
      new PutCommand({
        TableName: this.table,
        Item: { ...knowledgeIndexHeadKey, ...next },
        ...(expected
          ? { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expected.version } }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      }),
    );
  }

  /** Drops a snapshot nobody will read again (superseded twice, or the loser of a race). */
  async deleteSnapshot(snapshotId: string, parts: number): Promise<void> {
    const keys = Array.from({ length: parts }, (_, n) => ({
      pk: knowledgeSnapshotPartition(snapshotId),
      sk: `P#${String(n).padStart(4, '0')}`,
    }));
    for (let i = 0; i < keys.length; i += 25)
      await this.db.send(
        new BatchWriteCommand({
          RequestItems: { [this.table]: keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })) },
        }),
      );
  }
}
