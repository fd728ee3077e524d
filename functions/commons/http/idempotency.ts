import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  randomUUID,
} from 'node:crypto';
import type { Citizen } from '../../../adapters/citizen-sessions';
import type { IdempotencyRecord, SealedAnswer } from '../../../adapters/dynamo/idempotency-store';
import type { Staff } from '../../../domain/access';
import type { CallIdentity } from '../../../services/call-context';
import type { RouteDef } from '../../api/routes';
import { getContainer } from '../container';
import { logger } from '../logger';
import { HttpProblem, problemResponse, toProblem } from './problems';
import { type ApiResult, fromEarlier, type HeldKey, type RouteMiddleware } from './route-context';

/** How long a first answer is replayed. */
const ANSWER_TTL_MS = 24 * 3600_000;
/** A call's hold on its key, at most: a crashed call frees the key after this (or its Lambda's remaining time). */
export const MAX_LEASE_MS = 30_000;
/** An anonymous caller has no identity to scope a key to: the key itself must be unguessable. */
const MIN_ANONYMOUS_KEY_LENGTH = 22;

/**
 * `Idempotency-Key` on a POST (GETs change nothing and have no such chain): the same caller, route, key and body get the first answer, always;
 * another body is a 409; a call still running is a 409 with Retry-After; one record is kept.
 *
 * Our own, on the idempotency table's conditional writes, instead of Powertools' middleware
 * (2.35), whose `onError` deleted the record on any error, its own "in progress" and "mismatch"
 * included, so a losing retry erased the winner's answer and the next retry ran the call again;
 * it also failed on a POST without a body, and judged expiry by the wall clock, not ours.
 *
 * Keys are scoped to method, path and caller (a member of staff's `sub`; citizens have none, so
 * their keys must be long enough to be secret). The stored answer is encrypted with a key derived
 * from the Idempotency-Key: the table alone never yields an access code.
 */
export function idempotency(route: RouteDef): RouteMiddleware {
  return {
    before: async function replayOrClaim(request) {
      const { headers, staff, citizen, rawBody } = request.context.route;
      const key = fromEarlier(headers, 'headers')['idempotency-key'];
      if (key === undefined) return;
      const caller = fromEarlier(staff, 'staff');
      if (key.length < 1 || key.length > 128)
        throw new HttpProblem(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1 to 128 characters');
      const who = callerScope(caller, citizen ?? null);
      if (who === 'anonymous' && key.length < MIN_ANONYMOUS_KEY_LENGTH)
        throw new HttpProblem(
          400,
          'invalid_idempotency_key',
          `without a staff token, Idempotency-Key must be a random value of at least ${MIN_ANONYMOUS_KEY_LENGTH} characters (a UUID)`,
        );
      const services = getContainer();
      const scope = `${route.method} ${request.event.rawPath} ${who}`;
      const id = sha256(`${scope}\n${key}`);
      const cipherKey = Buffer.from(hkdfSync('sha256', key, scope, 'minyi idempotent answer', 32));
      const bodyHash = sha256(canonicalJson(rawBody ?? null));
      if (route.claimedByItsWrite) {
        // One conditional write claims, works and keeps the answer (services/requests.ts): no record
        // here. A refusal before that write took no key, as a body the schema refused never did.
        request.context.route.idempotency = { id, owner: '', cipherKey, bodyHash, inItsWrite: true };
        return;
      }

      for (let attempt = 0; attempt < 3; attempt++) {
        const now = services.clock.now();
        const leaseMs = Math.min(MAX_LEASE_MS, request.context.getRemainingTimeInMillis?.() ?? MAX_LEASE_MS);
        const record: IdempotencyRecord = {
          id,
          status: 'in_progress',
          bodyHash,
          owner: randomUUID(),
          leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
          expiresAt: new Date(now.getTime() + ANSWER_TTL_MS).toISOString(),
          expiration: Math.ceil((Date.now() + ANSWER_TTL_MS) / 1000),
        };
        if (await services.idempotency.claim(record, now)) {
          request.context.route.idempotency = { id, owner: record.owner, cipherKey, bodyHash };
          return;
        }
        const existing = await services.idempotency.get(id);
        if (!existing) continue; // freed between our write and our read: try to take it again
        if (existing.bodyHash !== bodyHash)
          throw new HttpProblem(
            409,
            'idempotency_mismatch',
            'this Idempotency-Key was used with another body',
          );
        if (existing.status === 'completed' && existing.answer) {
          const answer = unseal(existing.answer, cipherKey);
          return { ...answer, headers: { ...answer.headers, 'idempotent-replayed': 'true' } };
        }
        const waitMs = Date.parse(existing.leaseUntil) - now.getTime();
        throw new HttpProblem(
          409,
          'idempotency_in_progress',
          'a request with this Idempotency-Key is still running',
          [],
          Math.max(1, waitMs / 1000),
        );
      }
      throw new HttpProblem(
        409,
        'idempotency_in_progress',
        'a request with this Idempotency-Key is busy',
        [],
        1,
      );
    },

    after: async function keepAnswer(request) {
      const claim = request.context.route.idempotency;
      if (!claim || claim.inItsWrite || !request.response) return;
      try {
        await keep(claim, request.response);
      } catch (error) {
        // The work is done and its answer goes back; a retry after the lease may run it again.
        logger.error('idempotent answer not kept', { errorName: (error as Error)?.name });
      }
    },

    onError: async function keepRefusalOrRelease(request) {
      const claim = request.context.route.idempotency;
      // This call held no key: in particular, never touch another call's record.
      if (!claim || claim.inItsWrite) return;
      const problem = toProblem(request.error);
      try {
        // A refusal is the first answer too; a fault of ours, or a "try later", frees the key.
        if (!problem.ours && problem.retryAfterSeconds === undefined)
          await keep(claim, problemResponse(problem));
        else await getContainer().idempotency.release(claim.id, claim.owner);
      } catch (error) {
        // The call's own answer matters more; the key frees itself when the lease ends.
        logger.error('idempotency record not updated', { errorName: (error as Error)?.name });
      }
    },
  };
}

async function keep(claim: HeldKey, answer: ApiResult): Promise<void> {
  await getContainer().idempotency.complete(claim.id, claim.owner, seal(answer, claim.cipherKey));
}

function seal(answer: ApiResult, key: Buffer): SealedAnswer {
  return sealText(
    JSON.stringify({ statusCode: answer.statusCode, headers: answer.headers, body: answer.body }),
    key,
  );
}

function unseal(sealed: SealedAnswer, key: Buffer): ApiResult {
  return JSON.parse(unsealText(sealed, key)) as ApiResult;
}

function sealText(plain: string, key: Buffer): SealedAnswer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return {
    iv: iv.toString('base64'),
    data: data.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

function unsealText(sealed: SealedAnswer, key: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString(
    'utf8',
  );
}

/** The call a held key makes, for the services (services/call-context.ts). */
export function callIdentity(held: HeldKey): CallIdentity {
  return {
    id: held.id,
    // Kept on the item the call writes, for as long as it lives: keyed, so that it tells nothing of
    // the body (a phone, a name) to anyone without the Idempotency-Key.
    bodyHash: createHmac('sha256', held.cipherKey).update(held.bodyHash).digest('hex'),
    replayed: () => {
      held.replayed = true;
    },
    seal: (plain) => JSON.stringify(sealText(plain, held.cipherKey)),
    unseal: (sealed) => unsealText(JSON.parse(sealed) as SealedAnswer, held.cipherKey),
  };
}

/**
 * Whose keys these are: a member of staff as the role, court and unit they act in now (the same
 * person moved to another court is another caller), a signed-in citizen by their session's
 * subject, or nobody.
 */
export function callerScope(staff: Staff | null, citizen: Citizen | null): string {
  if (staff) return `staff:${staff.sub}/${staff.role}/${staff.court}${staff.unit ? `/${staff.unit}` : ''}`;
  if (citizen) return `citizen:${citizen.subject}`;
  return 'anonymous';
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** JSON with object keys sorted, so that the same body sent with its keys in another order is the same body. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
