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
