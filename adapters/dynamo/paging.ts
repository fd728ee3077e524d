import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { Refusal } from '../../domain/errors';

/**
 * Opaque list cursors: DynamoDB's LastEvaluatedKey, base64url JSON. A cursor is taken back only
 * when it is one this list could have returned: exactly the key attributes of its index, each a
 * string of the expected form, and the index partition of this very query (a cursor from another
 * caller's list, or a made-up one, would make DynamoDB refuse the call). Anything else is a 400.
 */
export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

export function decodeCursor(
  cursor: string | undefined,
  expected: Record<string, RegExp | string>,
): Record<string, string> | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw badCursor();
  const entries = Object.entries(key as Record<string, unknown>);
  const names = Object.keys(expected);
  if (entries.length !== names.length) throw badCursor();
  for (const [name, value] of entries) {
    const rule = Object.hasOwn(expected, name) ? expected[name] : undefined;
    if (rule === undefined || typeof value !== 'string' || value.length > 400) throw badCursor();
    if (typeof rule === 'string' ? value !== rule : !rule.test(value)) throw badCursor();
  }
  return key as Record<string, string>;
}

const badCursor = () => new Refusal('malformed', 'bad_cursor', 'cursor is not one this list returned');

/** Every item a Query matches, page after page (DynamoDB returns at most 1 MB a call). */
export async function* queryAll(
  db: DynamoDBDocumentClient,
  input: QueryCommandInput,
): AsyncGenerator<Record<string, unknown>> {
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    for (const item of out.Items ?? []) yield item;
    start = out.LastEvaluatedKey;
  } while (start);
}
