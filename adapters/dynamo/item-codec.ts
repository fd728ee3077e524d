import type { DeleteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './client';
import { MAIN_TABLE } from './table-definition';

/**
 * An attribute kept on an item for the table's reads to filter on, derived from the entity: a
 * closed order's last counted instant (domain/figures.ts#lastCountedAt).
 */
export const COUNTED_UNTIL = 'countedUntil';

/** Attributes that exist for the table's keys, its indexes, its TTL and its reads: never part of an entity. */
const STORAGE_ATTRIBUTES = new Set<string>([
  COUNTED_UNTIL,
  MAIN_TABLE.partitionKey,
  MAIN_TABLE.sortKey,
  MAIN_TABLE.ttlAttribute,
  ...MAIN_TABLE.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
]);

/** The entity an item stores: the item less its key, index and TTL attributes. */
export function fromItem<T>(item: Record<string, unknown>): T {
  const entity: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) if (!STORAGE_ATTRIBUTES.has(name)) entity[name] = value;
  return entity as T;
}

/**
 * One conditional write: true when it was made, false when its condition did not hold (someone
 * else wrote first). Every other failure is thrown.
 */
export async function writeIf(
  db: DynamoDBDocumentClient,
  command: PutCommand | UpdateCommand | DeleteCommand,
): Promise<boolean> {
  try {
    // The document client's overloads do not take the union; each member is a valid command.
    await db.send(command as PutCommand);
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
