import { createHash, randomBytes, randomInt } from 'node:crypto';
import { shanghaiDate } from '../domain/working-days';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function randomCode(length: number): string {
  const bytes = randomBytes(length);
  return [...bytes].map((b) => CROCKFORD[b % 32]).join('');
}

/**
 * A request's internal id: time-ordered (so ids sort by arrival) plus randomness. Its order's id
 * is derived from it (`GD…` for 工单), so a retried "create order" finds the order it already made.
 */
export function newRequestId(now: Date): string {
  return `RQ${now.getTime().toString(36).toUpperCase()}${randomCode(8)}`;
}

/** The request an idempotent call files: the same id each time the call runs, so it is filed once. */
export function requestIdForCall(callId: string): string {
  const digest = createHash('sha256').update(`request:${callId}`).digest();
  return `RQ${[...digest.subarray(0, 20)].map((b) => CROCKFORD[b % 32]).join('')}`;
}

export function orderIdFor(requestId: string): string {
  return `GD${requestId.slice(2)}`;
}

/** The number a citizen quotes on the phone: the Shanghai date and six unambiguous characters. */
export function newTrackingNo(now: Date): string {
  return `${shanghaiDate(now).replaceAll('-', '').slice(2)}${randomCode(6)}`;
}

/** Eight digits, read out over the phone or shown once on screen; only its hash is stored. */
export function newAccessCode(): string {
  return String(randomInt(0, 100_000_000)).padStart(8, '0');
}
