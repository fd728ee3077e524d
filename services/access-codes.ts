import { createHash, timingSafeEqual } from 'node:crypto';
import type { CitizenRequest } from '../domain/citizen-request';
import { tooMany } from '../domain/errors';
import type { Services } from './context';

/**
 * Failed access-code guesses allowed per tracking number and hour. With 8-digit codes an attacker
 * who knows a tracking number needs 5 × 10⁷ guesses on average: at 10 an hour, about 570 years.
 */
export const ACCESS_CODE_FAILURES_PER_HOUR = 10;
const HOUR_MS = 3600_000;

export const hashAccessCode = (code: string) => createHash('sha256').update(code).digest('hex');

/**
 * Whether `code` is the access code of `request` (looked up by `trackingNo`, null when unknown).
 * Every guess counts against the tracking number, known or not, until it proves right; past the
 * hour's limit every guess, the right one too, is a 429 with Retry-After. Compared in constant time.
 */
export async function checkAccessCode(
  s: Services,
  trackingNo: string,
  request: CitizenRequest | null,
  code: string | undefined,
): Promise<boolean> {
  const now = s.clock.now().getTime();
  const hourStart = now - (now % HOUR_MS);
  const hour = new Date(hourStart).toISOString().slice(0, 13);
  const expires = Math.ceil((hourStart + 2 * HOUR_MS) / 1000);
  if (!(await s.attempts.reserve(trackingNo, hour, ACCESS_CODE_FAILURES_PER_HOUR, expires))) {
    throw tooMany('too many wrong access codes for this tracking number', (hourStart + HOUR_MS - now) / 1000);
  }
  const given = Buffer.from(hashAccessCode(code ?? ''), 'hex');
  const stored = Buffer.from(request?.accessCodeHash ?? '00'.repeat(32), 'hex');
  const right = request !== null && code !== undefined && code !== '' && timingSafeEqual(given, stored);
  if (right) await s.attempts.release(trackingNo, hour);
  return right;
}
