import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { writeIf } from './item-codec';

/** An answer kept for replay, encrypted with a key only the caller's Idempotency-Key yields. */
export interface SealedAnswer {
  iv: string;
  data: string;
  tag: string;
}

/**
 * One Idempotency-Key of one caller on one route. `in_progress` while its first call runs (held
 * until `leaseUntil`, so a crashed call frees the key), then `completed` with the first answer
 * until `expiresAt`. `expiration` (epoch seconds) is the table's TTL attribute on AWS.
 */
export interface IdempotencyRecord {
  id: string;
  status: 'in_progress' | 'completed';
  bodyHash: string;
  owner: string;
  leaseUntil: string;
  expiresAt: string;
  expiration: number;
  answer?: SealedAnswer;
}

/** The idempotency table, every change one conditional write (table: key `id`, TTL `expiration`). */
export class IdempotencyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * Takes the key for a first call: when nobody holds it, when its answer has expired, or when a
   * call with the same body held it and its lease ran out (that call crashed). False otherwise.
   */
  async claim(record: IdempotencyRecord, now: Date): Promise<boolean> {
    return writeIf(
      this.db,
      new PutCommand({
        TableName: this.table,
        Item: record,
        ConditionExpression:
          'attribute_not_exists(id) OR expiresAt < :now OR (#status = :inProgress AND leaseUntil < :now AND bodyHash = :bodyHash)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':now': now.toISOString(),
          ':inProgress': 'in_progress',
          ':bodyHash': record.bodyHash,
        },
      }),
    );
  }

  async get(id: string): Promise<IdempotencyRecord | null> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { id }, ConsistentRead: true }),
    );
    return (out.Item as IdempotencyRecord | undefined) ?? null;
  }

  /** Keeps the first answer; a no-op when the lease was lost to a later call (it keeps its own). */
  async complete(id: string, owner: string, answer: SealedAnswer): Promise<void> {
    // Not ours any more (a later call took the lease over): nothing to do.
    await writeIf(
      this.db,
      new UpdateCommand({
        TableName: this.table,
        Key: { id },
        UpdateExpression: 'SET #status = :completed, answer = :answer',
        ConditionExpression: '#owner = :owner AND #status = :inProgress',
        ExpressionAttributeNames: { '#status': 'status', '#owner': 'owner' },
        ExpressionAttributeValues: {
          ':completed': 'completed',
          ':answer': answer,
          ':owner': owner,
          ':inProgress': 'in_progress',
        },
      }),
    );
  }

  /** Frees the key after a failure of ours, so that a retry runs again; only the holder can. */
  async release(id: string, owner: string): Promise<void> {
    // Not ours any more (a later call took the lease over): nothing to do.
    await writeIf(
      this.db,
      new DeleteCommand({
        TableName: this.table,
        Key: { id },
        ConditionExpression: '#owner = :owner AND #status = :inProgress',
        ExpressionAttributeNames: { '#status': 'status', '#owner': 'owner' },
        ExpressionAttributeValues: { ':owner': owner, ':inProgress': 'in_progress' },
      }),
    );
  }
}
