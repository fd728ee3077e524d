import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Court } from '../../domain/courts';
import type { DirectoryChange } from '../../domain/directory';
import { pool } from '../pool';
import type { StaffMember } from '../staff-directory';
import { isConditionFailure } from './client';
import { fromItem, writeIf } from './item-codec';
import {
  DIRECTORY_LOG_PARTITION,
  DIRECTORY_PARTITION,
  directoryChangeKey,
  directoryCourtKey,
  directoryMemberKey,
  directoryVersionKey,
} from './keys';
import { decodeCursor, encodeCursor, queryAll } from './paging';

/** Each stored court and member carries its revision: a change is written only over the one it read. */
export interface Revised {
  rev: number;
}

export interface StoredDirectory {
  version: number;
  courts: Array<Court & Revised>;
  staff: Array<StaffMember & Revised>;
}

/**
 * The directory at run time in the main table (keys.ts: `DIRECTORY`, `DIRLOG`). Its version item
 * exists once the directory has been seeded; before that, the deployment's CSVs are the directory.
 */
export class DirectoryRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** The directory's version: one strongly consistent GetItem of one small item; null before the seed. */
  async version(): Promise<number | null> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: directoryVersionKey(), ConsistentRead: true }),
    );
    return typeof out.Item?.version === 'number' ? out.Item.version : null;
  }

  /** The whole directory, read once when its version has changed; null before the seed. */
  async load(): Promise<StoredDirectory | null> {
    const out: StoredDirectory = { version: -1, courts: [], staff: [] };
    for await (const item of queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': DIRECTORY_PARTITION },
      ConsistentRead: true,
    })) {
      const sk = String(item.sk);
      if (sk === directoryVersionKey().sk) out.version = Number(item.version);
      else if (sk.startsWith('COURT#')) out.courts.push(fromItem<Court & Revised>(item));
      else if (sk.startsWith('STAFF#')) out.staff.push(fromItem<StaffMember & Revised>(item));
    }
    return out.version < 0 ? null : out;
  }

  /**
   * Writes the seed: each court and member only where absent, then the version item only where
   * absent. Idempotent, and safe with other processes seeding at once (they write the same items);
   * a seed interrupted half-way is completed by the next, and a directory once seeded is never
   * written over.
   */
  async seed(courts: readonly Court[], staff: readonly StaffMember[]): Promise<void> {
    const items = [
      ...courts.map((c) => ({
        ...directoryCourtKey(c.code),
        ...c,
        mergedInto: c.mergedInto ?? null,
        rev: 1,
      })),
      ...staff.map((m) => ({ ...directoryMemberKey(m.id), ...m, rev: 1 })),
    ];
    await pool(items.length, 16, async (k) => {
      await writeIf(
        this.db,
        new PutCommand({
          TableName: this.table,
          Item: items[k],
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    });
    await writeIf(
      this.db,
      new PutCommand({
        TableName: this.table,
        Item: { ...directoryVersionKey(), version: 1 },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /** One court as stored, with its revision (strongly consistent: a change is made over what is there now). */
  court(code: string): Promise<(Court & Revised) | null> {
    return this.getRevised<Court>(directoryCourtKey(code));
  }

  /** One member as stored, with its revision. */
  member(id: string): Promise<(StaffMember & Revised) | null> {
    return this.getRevised<StaffMember>(directoryMemberKey(id));
  }

  private async getRevised<T>(key: Record<string, string>): Promise<(T & Revised) | null> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    return out.Item ? fromItem<T & Revised>(out.Item) : null;
  }

  /** Writes a court over the revision read (`rev`: the one read; 0 for a new court). False: someone changed it first. */
  putCourt(court: Court, rev: number): Promise<boolean> {
    return this.putRevised(
      directoryCourtKey(court.code),
      { ...court, mergedInto: court.mergedInto ?? null },
      rev,
    );
  }

  /** Writes a member over the revision read (0 for a new member). False: someone changed it first. */
  putMember(member: StaffMember, rev: number): Promise<boolean> {
    return this.putRevised(directoryMemberKey(member.id), member, rev);
  }

  private putRevised(key: Record<string, string>, entity: object, rev: number): Promise<boolean> {
    return writeIf(
      this.db,
      new PutCommand({
        TableName: this.table,
        Item: { ...key, ...entity, rev: rev + 1 },
        ...(rev === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: '#rev = :rev',
              ExpressionAttributeNames: { '#rev': 'rev' },
              ExpressionAttributeValues: { ':rev': rev },
            }),
      }),
    );
  }

  /**
   * Claims the right to change the directory as it stood at `version` (services/directory.ts: one
   * writer at a time). `claimed`: ours, and nobody changed the directory since `version` was read.
   * `moved`: another change was made since, or is being made now: read again. `broken`: a claim
   * older than `staleBeforeMs` (a process that died mid-change) was broken and the version moved,
   * so that everyone reloads what it may have half-written: read again.
   */
  async claim(
    version: number,
    by: string,
    nowMs: number,
    staleBeforeMs: number,
  ): Promise<'claimed' | 'moved' | 'broken'> {
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: directoryVersionKey(),
          UpdateExpression: 'SET #by = :by, #at = :now',
          ConditionExpression: '#v = :v AND (attribute_not_exists(#by) OR #at < :stale)',
          ExpressionAttributeNames: { '#v': 'version', '#by': 'claimedBy', '#at': 'claimedAt' },
          ExpressionAttributeValues: { ':v': version, ':by': by, ':now': nowMs, ':stale': staleBeforeMs },
          ReturnValues: 'UPDATED_OLD',
        }),
      );
      if (out.Attributes?.claimedBy === undefined) return 'claimed';
    } catch (error) {
      if (isConditionFailure(error)) return 'moved';
      throw error;
    }
    await this.release(by);
    return 'broken';
  }

  /**
   * Ends a claim and moves the version, so that every process's next check reloads the directory.
   * A claim broken meanwhile (this process was too slow) still moves the version: what it wrote
   * must be read by everyone all the same.
   */
  async release(by: string): Promise<void> {
    const released = await writeIf(
      this.db,
      new UpdateCommand({
        TableName: this.table,
        Key: directoryVersionKey(),
        UpdateExpression: 'ADD #v :one REMOVE #by, #at',
        ConditionExpression: '#by = :by',
        ExpressionAttributeNames: { '#v': 'version', '#by': 'claimedBy', '#at': 'claimedAt' },
        ExpressionAttributeValues: { ':one': 1, ':by': by },
      }),
    );
    if (released) return;
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: directoryVersionKey(),
        UpdateExpression: 'ADD #v :one',
        ExpressionAttributeNames: { '#v': 'version' },
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
  }

  async record(change: DirectoryChange): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...directoryChangeKey(change.at, change.changeId), ...change },
      }),
    );
  }

  /** The record of changes, newest first, paged. */
  async changes(
    limit: number,
    cursor: string | undefined,
  ): Promise<{ items: DirectoryChange[]; nextCursor: string | null }> {
    const start = decodeCursor(cursor, {
      pk: DIRECTORY_LOG_PARTITION,
      sk: /^\d{4}-\d\d-\d\dT[\d:.]+Z#[0-9A-Z]+$/,
    });
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': DIRECTORY_LOG_PARTITION },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: start,
      }),
    );
    return {
      items: (out.Items ?? []).map((item) => fromItem<DirectoryChange>(item)),
      nextCursor: encodeCursor(out.LastEvaluatedKey),
    };
  }
}
