import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MAIN_TABLE } from './table-definition';

/** BatchGetItem's most keys a call. */
const BATCH = 100;

/**
 * The stored items behind index entries, read again by their keys (consistent reads), in the
 * entries' order. An index entry is not the item: on DynamoDB it can lag the item (a GSI is
 * eventually consistent), and a store that wrote an entry but not its item (dynalite before
 * patches/dynalite+4.0.0.patch, killed between the two) leaves an entry with no item at all. Code
 * that acts on what an index lists (the resume sweep, the retention job) reads the item first:
 * an entry whose item is missing is passed to `onMissing` and skipped, never acted on.
 */
export async function* confirmEntries(
  db: DynamoDBDocumentClient,
  table: string,
  entries: AsyncIterable<Record<string, unknown>>,
  onMissing: (key: { pk: string; sk: string }) => void,
): AsyncGenerator<Record<string, unknown>> {
  let batch: Record<string, unknown>[] = [];
  for await (const entry of entries) {
    batch.push(entry);
    if (batch.length === BATCH) {
      yield* storedItems(db, table, batch, onMissing);
      batch = [];
    }
  }
  if (batch.length) yield* storedItems(db, table, batch, onMissing);
}

async function* storedItems(
  db: DynamoDBDocumentClient,
  table: string,
  entries: Record<string, unknown>[],
  onMissing: (key: { pk: string; sk: string }) => void,
): AsyncGenerator<Record<string, unknown>> {
  const keyOf = (item: Record<string, unknown>) => ({
    pk: String(item[MAIN_TABLE.partitionKey]),
    sk: String(item[MAIN_TABLE.sortKey]),
  });
  const id = ({ pk, sk }: { pk: string; sk: string }) => `${pk}\u0000${sk}`;
  const found = new Map<string, Record<string, unknown>>();
  let keys = [...new Map(entries.map((e) => [id(keyOf(e)), keyOf(e)])).values()];
  // BatchGetItem may answer only part of the keys (throughput, 16 MB): ask again for the rest.
  for (let round = 0; keys.length; round++) {
    const out = await db.send(
      new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }),
    );
    for (const item of out.Responses?.[table] ?? []) found.set(id(keyOf(item)), item);
    keys = (out.UnprocessedKeys?.[table]?.Keys ?? []) as typeof keys;
    if (keys.length) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** round)));
  }
  for (const entry of entries) {
    const item = found.get(id(keyOf(entry)));
    if (item) yield item;
    else onMissing(keyOf(entry));
  }
}
