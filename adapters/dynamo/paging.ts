import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { invalid } from '../../domain/errors';

/** Opaque list cursors: DynamoDB's LastEvaluatedKey, base64url JSON. A forged one is a 400, never a 5xx. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

export function decodeCursor(
  cursor: string | undefined,
  expectedKeys: string[],
): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      typeof key === 'object' &&
      key !== null &&
      expectedKeys.every((k) => typeof (key as Record<string, unknown>)[k] === 'string')
    ) {
      return key as Record<string, unknown>;
    }
  } catch {
    // fall through to the refusal
  }
  throw invalid('bad_cursor', 'cursor is not one this API returned');
}

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
