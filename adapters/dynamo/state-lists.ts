import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { fromItem } from './item-codec';
import { GSI, indexEntry, indexQuery } from './keys';
import { decodeCursor, encodeCursor } from './paging';

/**
 * The center's content listed by state (the knowledge base's entries, the typical cases): one
 * gsi4 partition per state (`KBLIST#published`, `TCLIST#withdrawn`), sorted `at#id`, so an item
 * moves from one list to the next with the same write that changes its state, and each list reads
 * newest first. One shape for both, and one rule for the cursors each list takes back.
 */

/** The index attributes that put an item on its state's list, at the time it entered that state. */
export const onStateList = (partition: string, at: string, id: string) =>
  indexEntry(GSI.period, partition, `${at}#${id}`);

/**
 * One page of a state's list, newest first. A cursor is taken back only when it is one of this
 * list's: the partition's, an item key `<prefix>#<id> / A`, and a sort key `at#id` of that kind.
 */
export async function listNewestFirst<T>(
  db: DynamoDBDocumentClient,
  table: string,
  partition: string,
  idPrefix: string,
  limit: number,
  cursor: string | undefined,
): Promise<{ items: T[]; nextCursor: string | null }> {
  const out = await db.send(
    new QueryCommand({
      TableName: table,
      ...indexQuery(GSI.period, partition),
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, {
        pk: new RegExp(`^${idPrefix}#${idPrefix}[0-9A-Z]+$`),
        sk: 'A',
        gsi4pk: partition,
        gsi4sk: new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z#${idPrefix}[0-9A-Z]+$`),
      }),
    }),
  );
  return {
    items: (out.Items ?? []).map((i) => fromItem<T>(i)),
    nextCursor: encodeCursor(out.LastEvaluatedKey),
  };
}
