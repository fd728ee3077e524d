import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { Refusal } from '../domain/errors';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * List cursors as clients hold them: opaque and tamper-evident. A list's own cursor (DynamoDB's
 * LastEvaluatedKey, adapters/dynamo/paging.ts; a key or an offset of a list held in memory) names
 * index keys, some of them keyed hashes (the phone lookup's `PHONE#<hash>`): readable, it would
 * hand a client the hash of a phone, and an edited one would reach a list's code to be checked.
 * So every cursor leaves sealed, AES-256-GCM (authenticated encryption: nothing of it readable,
 * any change refused) under a key derived from the deployment's session key (the secret that
 * already signs citizens' tokens; its own label, so a cursor can never pass for a token), bound to
 * the list it came from. A cursor that does not open is 400 `bad_cursor`, as before; the list's
 * own checks of what it opens stay behind it.
 */
export class ListCursors {
  private readonly key: Buffer;

  constructor(sessionKey: string) {
    this.key = createHmac('sha256', sessionKey).update('minyi:list-cursor:v1').digest();
  }

  /** The cursor a client is given for `list` (the route: method and path). */
  seal(cursor: string, list: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(list));
    const sealed = Buffer.concat([cipher.update(cursor, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url');
  }

  /** The list's own cursor, from one this deployment sealed for this very list; else 400. */
  open(sealed: string, list: string): string {
    const raw = /^[A-Za-z0-9_-]+$/.test(sealed) ? Buffer.from(sealed, 'base64url') : Buffer.alloc(0);
    if (raw.length <= IV_BYTES + TAG_BYTES) throw badCursor();
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES))
        .setAAD(Buffer.from(list))
        .setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      const body = raw.subarray(IV_BYTES, raw.length - TAG_BYTES);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw badCursor();
    }
  }
}

const badCursor = () => new Refusal('malformed', 'bad_cursor', 'cursor is not one this list returned');
