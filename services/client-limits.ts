import { CLIENT_LIMITS, limitWindow, type WindowLimit } from '../domain/client-limits';
import { tooMany } from '../domain/errors';
import type { Services } from './context';

/**
 * The per-client limits of domain/client-limits.ts, counted in DynamoDB (one conditional ADD per
 * counter and call) so they hold across every Lambda instance, on every partition (the HTTP API
 * takes no WAF, and in the China regions WAF is regional only), and the same locally. A source
 * address is counted by its keyed hash: the table never holds a citizen's address.
 *
 * What it costs (issue 23): a call's counters are sent together, one round trip; and a window a
 * counter found full is remembered by the container until it ends, so a flood's further calls
 * there are refused without asking the table. That is exact, not an estimate: these counters only
 * ever go up within their window (nothing gives a place back), so a full window stays full.
 */

/** A request filed without a staff token: per source address and per phone. */
export async function admitFiling(s: Services, sourceIp: string, phoneHash: string): Promise<void> {
  await admit(s, [
    [`IP#filing#${await s.personalData.clientHash(sourceIp)}`, CLIENT_LIMITS.filingPerClient],
    [`PHONE#filing#${phoneHash}`, CLIENT_LIMITS.filingPerPhone],
  ]);
}

/** A WeChat sign-in: per source address, before WeChat is called. */
export async function admitWeChatSignIn(s: Services, sourceIp: string): Promise<void> {
  await admit(s, [
    [`IP#wechat#${await s.personalData.clientHash(sourceIp)}`, CLIENT_LIMITS.wechatSignInPerClient],
  ]);
}

/** Each process's full windows, by subject and window: when each ends (ms). Per container, as on Lambda. */
const fullWindows = new WeakMap<Services, Map<string, number>>();

async function admit(s: Services, counters: [subject: string, rule: WindowLimit][]): Promise<void> {
  if (!s.clientLimits) return;
  const nowMs = s.clock.now().getTime();
  const full = fullWindows.get(s) ?? new Map<string, number>();
  fullWindows.set(s, full);
  const checks = counters.map(([subject, rule]) => {
    const window = limitWindow(nowMs, rule.windowSeconds);
    return { subject, rule, window, known: `${subject}@${window.name}` };
  });
  const knownFull = checks.filter((c) => full.has(c.known));
  if (knownFull.length > 0) throw refusal(knownFull);
  const taken = await Promise.all(
    checks.map((c) => s.attempts.reserve(c.subject, c.window.name, c.rule.limit, c.window.expiresAtEpochS)),
  );
  const refused = checks.filter((_, i) => !taken[i]);
  if (refused.length === 0) return;
  for (const [known, endsMs] of full) if (endsMs <= nowMs) full.delete(known);
  for (const c of refused) full.set(c.known, nowMs + c.window.retryAfterSeconds * 1000);
  throw refusal(refused);
}

/** The 429 of the counter that holds the client back longest. */
function refusal(refused: { rule: WindowLimit; window: { retryAfterSeconds: number } }[]) {
  const longest = refused.reduce((a, b) => (b.window.retryAfterSeconds > a.window.retryAfterSeconds ? b : a));
  return tooMany(
    `too many calls from this client: at most ${longest.rule.limit} in ${longest.rule.windowSeconds / 60} minutes`,
    longest.window.retryAfterSeconds,
  );
}
