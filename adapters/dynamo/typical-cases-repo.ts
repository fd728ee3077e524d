import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TypicalCase, TypicalCaseStatus } from '../../domain/typical-case';
import { fromItem, writeIf } from './item-codec';
import { GSI, indexEntry, indexQuery, typicalCaseKey, typicalCaseListKey } from './keys';
import { decodeCursor, encodeCursor } from './paging';

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
    const listedAt = next.status === 'nominated' ? next.nominatedAt : (next.decidedAt ?? next.nominatedAt);
    return writeIf(
      this.db,
      new PutCommand({
        TableName: this.table,
        Item: {
          ...typicalCaseKey(next.caseId),
          ...indexEntry(GSI.period, typicalCaseListKey(next.status), `${listedAt}#${next.caseId}`),
          ...next,
        },
        ...(expectedVersion === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
      }),
    );
  }

  /** Cases in one state, newest first. */
  async listByStatus(status: TypicalCaseStatus, limit: number, cursor: string | undefined) {
    const partition = typicalCaseListKey(status);
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        ...indexQuery(GSI.period, partition),
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, {
          pk: /^TC#TC[0-9A-Z]+$/,
          sk: 'A',
          gsi4pk: partition,
          gsi4sk: /^\d{4}-\d\d-\d\dT[\d:.]+Z#TC[0-9A-Z]+$/,
        }),
      }),
    );
    return {
      items: (out.Items ?? []).map((i) => fromItem<TypicalCase>(i)),
      nextCursor: encodeCursor(out.LastEvaluatedKey),
    };
  }
}
