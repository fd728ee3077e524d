import { createHash, timingSafeEqual } from 'node:crypto';
import type { CitizenRequest } from '../domain/citizen-request';
import { ACCESS_CODE_LIMITS, limitWindow, type WindowLimit } from '../domain/client-limits';
import { tooMany } from '../domain/errors';
import type { Services } from './context';

export const hashAccessCode = (code: string) => createHash('sha256').update(code).digest('hex');

/**
 * Whether `code` is the access code of `request` (looked up by `trackingNo`, null when unknown),
 * asked by the client at `sourceIp`. Every guess takes a place in the client's hour and in the
 * tracking number's (domain/client-limits.ts#ACCESS_CODE_LIMITS), known number or not, until it
 * proves right; a client past its limit gets 429 with Retry-After for every guess, the right one
 * too, while other clients (the citizen) go on; a tracking number past its cap takes one guess a
 * minute. Compared in constant time.
 */
export async function checkAccessCode(
  s: Services,
  trackingNo: string,
  request: CitizenRequest | null,
  code: string | undefined,
  sourceIp: string,
): Promise<boolean> {
  const now = s.clock.now().getTime();
  const client = await s.personalData.clientHash(sourceIp);
  const places: Place[] = [];
  try {
    places.push(
      await take(s, `ACCESS#client#${client}`, ACCESS_CODE_LIMITS.failuresPerClient, now, 'from this client'),
    );
    places.push(
      (await tryTake(s, `ACCESS#tracking#${trackingNo}`, ACCESS_CODE_LIMITS.failuresPerTrackingNo, now)) ??
        (await take(
          s,
          `ACCESS#tracking-slow#${trackingNo}`,
          ACCESS_CODE_LIMITS.slowedPerTrackingNo,
          now,
          'for this tracking number',
        )),
    );
  } catch (error) {
    // Not judged: the places taken so far are given back.
    await giveBack(s, places);
    throw error;
  }
  const given = Buffer.from(hashAccessCode(code ?? ''), 'hex');
  const stored = Buffer.from(request?.accessCodeHash ?? '00'.repeat(32), 'hex');
  const right = request !== null && code !== undefined && code !== '' && timingSafeEqual(given, stored);
  if (right) await giveBack(s, places);
  return right;
}

interface Place {
  subject: string;
  window: string;
}

async function tryTake(s: Services, subject: string, rule: WindowLimit, now: number): Promise<Place | null> {
  const window = limitWindow(now, rule.windowSeconds);
  return (await s.attempts.reserve(subject, window.name, rule.limit, window.expiresAtEpochS))
    ? { subject, window: window.name }
    : null;
}

async function take(
  s: Services,
  subject: string,
  rule: WindowLimit,
  now: number,
  what: string,
): Promise<Place> {
  const place = await tryTake(s, subject, rule, now);
  if (place) return place;
  throw tooMany(
    `too many wrong access codes ${what}`,
    limitWindow(now, rule.windowSeconds).retryAfterSeconds,
  );
}

async function giveBack(s: Services, places: Place[]): Promise<void> {
  for (const place of places) await s.attempts.release(place.subject, place.window);
}
