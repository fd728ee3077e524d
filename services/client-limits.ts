import { CLIENT_LIMITS, limitWindow, type WindowLimit } from '../domain/client-limits';
import { tooMany } from '../domain/errors';
import type { Services } from './context';

/**
 * The per-client limits of domain/client-limits.ts, counted in DynamoDB (one conditional ADD per
 * call) so they hold across every Lambda instance, on every partition (the HTTP API takes no WAF,
 * and in the China regions WAF is regional only), and the same locally. A source address is
 * counted by its keyed hash: the table never holds a citizen's address.
 */

/** A request filed without a staff token: per source address and per phone. */
export async function admitFiling(s: Services, sourceIp: string, phoneHash: string): Promise<void> {
  await admit(s, `IP#filing#${await s.personalData.clientHash(sourceIp)}`, CLIENT_LIMITS.filingPerClient);
  await admit(s, `PHONE#filing#${phoneHash}`, CLIENT_LIMITS.filingPerPhone);
}

/** A WeChat sign-in: per source address, before WeChat is called. */
export async function admitWeChatSignIn(s: Services, sourceIp: string): Promise<void> {
  await admit(
    s,
    `IP#wechat#${await s.personalData.clientHash(sourceIp)}`,
    CLIENT_LIMITS.wechatSignInPerClient,
  );
}

async function admit(s: Services, subject: string, rule: WindowLimit): Promise<void> {
  if (!s.clientLimits) return;
  const window = limitWindow(s.clock.now().getTime(), rule.windowSeconds);
  if (!(await s.attempts.reserve(subject, window.name, rule.limit, window.expiresAtEpochS)))
    throw tooMany(
      `too many calls from this client: at most ${rule.limit} in ${rule.windowSeconds / 60} minutes`,
      window.retryAfterSeconds,
    );
}
