import { NOTICE_KINDS, type NoticeKind } from '../adapters/citizen-secrets';
import type { Citizen } from '../adapters/citizen-sessions';
import { WECHAT_ERRORS, WeChatError } from '../adapters/wechat';
import { invalid, Refusal } from '../domain/errors';
import type { Order } from '../domain/order';
import type { StoredRequest } from '../domain/personal-data';
import { admitWeChatSignIn } from './client-limits';
import type { Services } from './context';

/**
 * Citizens on WeChat (issue 12): sign-in with the mini program's wx.login code, their own
 * requests without access codes, and one-time subscription messages on their order's progress,
 * the SMS path where they granted none or WeChat refuses.
 */

/** POST /v1/wechat/session: the code is exchanged for the openid; the answer is our own short-lived token. */
export async function signIn(
  s: Services,
  code: string,
  sourceIp: string,
): Promise<{ token: string; expiresAt: string }> {
  // Counted before WeChat is called: each sign-in spends a jscode2session call.
  await admitWeChatSignIn(s, sourceIp);
  let openid: string;
  try {
    ({ openid } = await (await s.wechat()).code2Session(code));
  } catch (error) {
    // 40029 (and 40163, a code used twice): the mini program must call wx.login again.
    if (error instanceof WeChatError && error.errcode !== -1)
      throw new Refusal('unauthorized', 'invalid_wechat_code', 'the WeChat login code is invalid or used');
    throw error;
  }
  const sessions = await s.citizenSessions();
  const subject = sessions.subjectOf(openid);
  await s.citizens.remember(subject, openid, s.clock.now());
  return sessions.mint(subject, s.clock.now());
}

/** POST /v1/me/subscriptions: the templates the citizen accepted in wx.requestSubscribeMessage, one grant each. */
export async function grantSubscriptions(s: Services, citizen: Citizen, templateIds: string[]) {
  const { templates } = (await s.citizenSecrets()).wechat;
  const kinds: NoticeKind[] = templateIds.map((id) => {
    const kind = NOTICE_KINDS.find((k) => templates[k] === id);
    if (!kind) throw invalid('unknown_template', 'not a subscription template of this service');
    return kind;
  });
  await s.citizens.addGrants(citizen.subject, kinds);
  const profile = await s.citizens.get(citizen.subject);
  return { grants: profile?.grants ?? { accepted: 0, replied: 0, closed: 0, rating: 0 } };
}

/** GET /v1/me/requests: the citizen's own, newest first; nobody else's (the index is keyed by their subject). */
export async function listMyRequests(
  s: Services,
  citizen: Citizen,
  limit: number,
  cursor: string | undefined,
) {
  return s.requests.listByCitizen(citizen.subject, limit, cursor);
}

/** The citizen's own request by tracking number, or null when it is not theirs. */
export async function ownRequest(
  s: Services,
  citizen: Citizen,
  trackingNo: string,
): Promise<StoredRequest | null> {
  const request = await s.requests.getByTrackingNo(trackingNo);
  return request?.citizenSubject === citizen.subject ? request : null;
}

const NOTICE_TEXT: Record<Exclude<NoticeKind, 'rating'>, string> = {
  accepted: '法院已签收您的诉求',
  replied: '法院已答复您的诉求',
  closed: '您的诉求已办结',
};

/** Which notice an order's change calls for: signed for, answered, closed. */
export function noticeFor(before: Order, after: Order): Exclude<NoticeKind, 'rating'> | null {
  if (before.status === after.status) return null;
  if (after.status === 'accepted' || after.status === 'replied' || after.status === 'closed')
    return after.status;
  return null;
}

/**
 * Tells a WeChat citizen of their order's progress: a subscription message where they granted one
 * of that template (taking the grant), else, or when WeChat refuses (43101: no subscription left,
 * or any other error), an SMS. Requests not filed by a signed-in citizen are left as they were.
 */
export async function notifyCitizen(
  s: Services,
  order: Order,
  kind: NoticeKind,
  sms: { text: string; send: (text: string, phone: string) => Promise<void> } | null,
  link?: string,
): Promise<'wechat' | 'sms' | 'none'> {
  const request = await s.requests.get(order.requestId);
  if (!request?.citizenSubject || request.erasedAt) return 'none';
  const profile = await s.citizens.get(request.citizenSubject);
  if (profile && (await s.citizens.takeGrant(request.citizenSubject, kind))) {
    try {
      const { templates } = (await s.citizenSecrets()).wechat;
      await (await s.wechat()).sendSubscribeMessage({
        touser: profile.openid,
        template_id: templates[kind],
        page: link
          ? `pages/rate/index?token=${encodeURIComponent(new URL(link).searchParams.get('token') ?? '')}`
          : `pages/track/index?no=${order.trackingNo}`,
        data: {
          character_string1: { value: order.trackingNo },
          phrase2: { value: kind === 'rating' ? '待评价' : NOTICE_TEXT[kind].slice(-3) },
          time3: { value: shanghaiTime(s.clock.now()) },
          thing4: { value: kind === 'rating' ? '请评价法院的答复' : NOTICE_TEXT[kind] },
        },
      });
      return 'wechat';
    } catch (error) {
      if (!(error instanceof WeChatError)) throw error;
      // WeChat refused (43101: the user's subscription is gone): the SMS path, below.
      if (error.errcode !== WECHAT_ERRORS.noSubscription)
        await s.citizens.addGrants(request.citizenSubject, [kind]);
    }
  }
  if (!sms) return 'none';
  await sms.send(sms.text, request.contact.phone);
  return 'sms';
}

/** The SMS a citizen gets instead of a subscription message. */
export function noticeSms(order: Order, kind: Exclude<NoticeKind, 'rating'>): string {
  return `【12368】${NOTICE_TEXT[kind]}（编号${order.trackingNo}）。`;
}

function shanghaiTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}
