import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TypicalCase, TypicalCaseStatus } from '../../domain/typical-case';
import { fromItem, writeIf } from './item-codec';
import { typicalCaseKey, typicalCaseListKey } from './keys';
import { listNewestFirst, onStateList } from './state-lists';

/** Typical cases (典型案例), one item each, listed by state: the center's queue, the public page. */
export class TypicalCasesRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(caseId: string): Promise<TypicalCase | null> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: typicalCaseKey(caseId), ConsistentRead: true }),
    );
    return out.Item ? fromItem<TypicalCase>(out.Item) : null;
  }

  /** Writes `next` only if the case is still at `expectedVersion` (0: it does not exist yet). */
  async save(next: TypicalCase, expectedVersion: number): Promise<boolean> {
    // Listed by when it entered its state: nominated, decided, withdrawn.
    const listedAt =
      next.status === 'nominated'
        ? next.nominatedAt
        : ((next.status === 'withdrawn' ? next.withdrawnAt : null) ?? next.decidedAt ?? next.nominatedAt);
    return writeIf(
      this.db,
      new PutCommand({
        TableName: this.table,
        Item: {
          ...typicalCaseKey(next.caseId),
          ...onStateList(typicalCaseListKey(next.status), listedAt, next.caseId),
          ...next,
        },
        ...(expectedVersion === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
      }),
    );
  }

  /** Cases in one state, newest first. */
  listByStatus(status: TypicalCaseStatus, limit: number, cursor: string | undefined) {
    return listNewestFirst<TypicalCase>(this.db, this.table, typicalCaseListKey(status), 'TC', limit, cursor);
  }
}
