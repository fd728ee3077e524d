import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { MAIN_TABLE } from '../adapters/dynamo/table-definition';

/**
 * What the check of a data folder's indexes found and did (ids are table keys, `ORD#…`, `REQ#…`:
 * no personal data).
 */
export interface IndexRepair {
  /** Items that did not exist though index entries listed them: written from those entries. */
  restored: string[];
  /** Items some index listed under keys they no longer have: those entries removed. */
  unlisted: string[];
  /** Items missing from an index they belong in: listed again. */
  relisted: string[];
}

/**
 * Written once a data folder's indexes are known to match its items. Every write since is atomic
 * (patches/dynalite+4.0.0.patch), so the check is needed once: for a folder an older version wrote.
 */
const CHECKED = 'indexes-checked';

/**
 * dynalite before patches/dynalite+4.0.0.patch wrote an item's index entries and the item as
 * separate LevelDB writes (deletes of old entries, then new entries, then the item), so a SIGKILL
 * could leave, in a folder it wrote:
 * - entries of an item never written (an order listed but 404: its creation was cut short); the
 *   index holds the whole item (every index projects ALL), so the item is written from it, which
 *   finishes the creation (the start's resume sweep then marks its request `ordered`); nothing in
 *   the main table is ever deleted, so such an item was not removed on purpose;
 * - entries of a state the item never reached (its update was cut short): removed, the item
 *   stands as it is;
 * - an item missing from an index (its old entry removed, the new one never written): listed again.
 * Repairs go through dynalite's own writes (PutItem of the index's copy, then of the item), so the
 * index entries come out as dynalite computes them. Runs at a start, before the server listens.
 */
export async function repairIndexesOnce(
  db: DynamoDBDocumentClient,
  table: string,
  dataDir: string,
): Promise<IndexRepair | null> {
  const marker = join(dataDir, CHECKED);
  if (existsSync(marker)) return null;
  const repair = await repairIndexes(db, table);
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return repair;
}

type Item = Record<string, unknown>;
const { partitionKey: PK, sortKey: SK } = MAIN_TABLE;
const idOf = (item: Item) => `${item[PK]}\u0000${item[SK]}`;
const keyOf = (id: string) => {
  const [pk, sk] = id.split('\u0000');
  return { [PK]: pk, [SK]: sk };
};

export async function repairIndexes(db: DynamoDBDocumentClient, table: string): Promise<IndexRepair> {
  // Where each item is listed, per index: `partition\0sort`, read from the items themselves.
  const listedAs = new Map<string, Map<string, string>>();
  for await (const item of scan(db, table)) {
    const where = new Map<string, string>();
    for (const index of MAIN_TABLE.indexes) {
      const pk = item[index.partitionKey];
      const sk = item[index.sortKey];
      if (pk !== undefined && sk !== undefined) where.set(index.name, `${pk}\u0000${sk}`);
    }
    listedAs.set(idOf(item), where);
  }
  const copies = new Map<string, Item[]>(); // index entries whose item is missing or elsewhere
  const found = new Set<string>(); // `id\0index` of every entry that matches its item
  for (const index of MAIN_TABLE.indexes) {
    for await (const entry of scan(db, table, index.name)) {
      const id = idOf(entry);
      const expected = listedAs.get(id)?.get(index.name);
      if (expected === `${entry[index.partitionKey]}\u0000${entry[index.sortKey]}`) {
        found.add(`${id}\u0000${index.name}`);
        continue;
      }
      copies.set(id, [...(copies.get(id) ?? []), entry]);
    }
  }
  const repair: IndexRepair = { restored: [], unlisted: [], relisted: [] };
  for (const [id, entries] of copies) {
    if (!listedAs.has(id)) {
      // The newest state any index saw (items carry a version; a creation's entries are all alike).
      const newest = entries.reduce((a, b) => (Number(b.version ?? 0) > Number(a.version ?? 0) ? b : a));
      await db.send(new PutCommand({ TableName: table, Item: newest }));
      repair.restored.push(String(newest[PK]));
      continue;
    }
    // Writing a stale copy moves the item's entries to where that copy says; writing the item back
    // then moves them from there to where the item says, removing the stale ones on the way.
    const item = await stored(db, table, id);
    for (const entry of entries) await db.send(new PutCommand({ TableName: table, Item: entry }));
    await db.send(new PutCommand({ TableName: table, Item: item }));
    repair.unlisted.push(String(item[PK]));
  }
  for (const [id, where] of listedAs) {
    if (copies.has(id)) continue; // written back above: listed everywhere it belongs
    const missing = [...where.keys()].some((index) => !found.has(`${id}\u0000${index}`));
    if (!missing) continue;
    const item = await stored(db, table, id);
    await db.send(new PutCommand({ TableName: table, Item: item }));
    repair.relisted.push(String(item[PK]));
  }
  return repair;
}

async function stored(db: DynamoDBDocumentClient, table: string, id: string): Promise<Item> {
  const out = await db.send(new GetCommand({ TableName: table, Key: keyOf(id), ConsistentRead: true }));
  if (!out.Item) throw new Error(`index check: ${id.replace('\u0000', ' ')} vanished during the check`);
  return out.Item;
}

async function* scan(db: DynamoDBDocumentClient, table: string, index?: string): AsyncGenerator<Item> {
  let start: Item | undefined;
  do {
    const out = await db.send(
      new ScanCommand({ TableName: table, IndexName: index, ExclusiveStartKey: start }),
    );
    for (const item of out.Items ?? []) yield item;
    start = out.LastEvaluatedKey;
  } while (start);
}
