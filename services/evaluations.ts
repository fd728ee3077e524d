import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Staff } from '../domain/access';
import { requestCourt, windowCourt } from '../domain/attribution';
import { forbidden, invalid, notFound, Refusal, wrongState } from '../domain/errors';
import type { Order, Rating } from '../domain/order';
import { rateOrder } from '../domain/order-callback';
import { orderTokenId, type RatingChannel, type RatingToken, requestTokenId } from '../domain/rating-token';
import { checkAccessCode } from './access-codes';
import { syncCalendar } from './calendar';
import { currentCall } from './call-context';
import { actorOf, changeOrder } from './change-order';
import type { Services } from './context';

const DAY_MS = 86_400_000;
const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

export interface MintInput {
  channel: Exclude<RatingChannel, 'callback'>;
  subject: string;
  /** A citizen minting a web/WeChat token for their own request proves it with the access code. */
  accessCode?: string | undefined;
}

export interface MintedToken {
  token: string;
  channel: RatingChannel;
  subject: string;
  expiresAt: string;
  url: string;
}

/**
 * Mints a one-time rating token. Window: one per service at a window (`赣1126-W01`), by the
 * center's agents or that court's staff. Hotline: the SMS after a call, sent to the caller now.
 * Web and WeChat: the online session's rating, for an agent or the citizen with the access code.
 * A request is rated once per channel: minting again replaces the unused token's secret.
 */
/** `sourceIp`: the client's address, which a citizen's wrong access codes count against. */
export async function mintToken(
  s: Services,
  staff: Staff | null,
  input: MintInput,
  sourceIp: string,
): Promise<MintedToken> {
  const now = s.clock.now();
  if (input.channel === 'window') {
    const court = windowCourt(s.courts, input.subject);
    if (!court)
      throw invalid(
        'unknown_window',
        'a window code is a court code and a window number, such as 赣1126-W01',
      );
    const isAgent = staff?.role === 'agent';
    const isCourtStaff =
      staff &&
      (staff.role === 'handler' || staff.role === 'supervisor') &&
      s.courts.isWithin(court, staff.court);
    if (!isAgent && !isCourtStaff)
      throw forbidden("only the center's agents or the window's court may mint its tokens");
    const tokenId = `W-${randomBytes(9).toString('base64url')}`;
    return issue(s, base(tokenId, 'window', input.subject, court, null, staff, now, DAY_MS));
  }
  const request = await s.requests.get(input.subject);
  // To anyone but an agent, an unknown request, another's and one that came by another channel look
  // alike: request ids are order ids with GD swapped for RQ, and order ids travel in emails and desk
  // URLs, so a distinct answer would tell anyone which ids exist and how each came in.
  if (staff?.role !== 'agent' && (!request || request.channel !== input.channel))
    throw forbidden("only the center's agents, or the citizen with the access code online, may mint this");
  if (!request) throw notFound('request');
  if (request.channel !== input.channel)
    throw invalid('wrong_channel', `request ${request.requestId} came by ${request.channel}`);
  // The access code is guessed here as on the tracking page: the same limit counts both.
  const citizenOwnsIt =
    !staff &&
    (input.channel === 'web' || input.channel === 'wechat') &&
    input.accessCode !== undefined &&
    (await checkAccessCode(s, request.trackingNo, request, input.accessCode, sourceIp));
  if (staff?.role !== 'agent' && !citizenOwnsIt)
    throw forbidden("only the center's agents, or the citizen with the access code online, may mint this");
  const court = requestCourt(s.courts, request);
  const minted = await issue(
    s,
    base(
      requestTokenId(input.channel, request.requestId),
      input.channel,
      request.requestId,
      court,
      request.category,
      staff,
      now,
      7 * DAY_MS,
    ),
  );
  if (input.channel === 'hotline') {
    await s.sms.send({
      to: request.contact.phone,
      text: `【12368】感谢您致电12368诉讼服务热线（编号${request.trackingNo}），请点击链接对本次服务进行评价：${minted.url}`,
      tags: { step: 'hotline_rating_sms' },
    });
  }
  return minted;
}

/** The token in the SMS after three failed callbacks: the citizen's rating closes or reopens the order. */
export async function mintOrderToken(s: Services, order: Order): Promise<MintedToken> {
  const now = s.clock.now();
  return issue(
    s,
    base(
      orderTokenId(order.orderId, order.stageSeq),
      'callback',
      order.orderId,
      order.courtCode,
      order.category,
      null,
      now,
      7 * DAY_MS,
    ),
  );
}

function base(
  tokenId: string,
  channel: RatingChannel,
  subject: string,
  courtCode: string,
  category: RatingToken['category'],
  staff: Staff | null,
  now: Date,
  ttlMs: number,
): Omit<RatingToken, 'secretHash'> {
  return {
    tokenId,
    channel,
    subject,
    courtCode,
    category,
    mintedAt: now.toISOString(),
    mintedBy: staff?.sub ?? null,
    expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
    usedAt: null,
    rating: null,
    comment: null,
    enteredBy: null,
    version: 1,
  };
}

async function issue(s: Services, token: Omit<RatingToken, 'secretHash'>): Promise<MintedToken> {
  const secret = randomBytes(18).toString('base64url');
  if (!(await s.ratingTokens.putUnused({ ...token, secretHash: hash(secret) })))
    throw wrongState('this has already been rated', [], 'already_rated');
  const value = `${token.tokenId}.${secret}`;
  return {
    token: value,
    channel: token.channel,
    subject: token.subject,
    expiresAt: token.expiresAt,
    url: `${s.ratingUrl}?token=${encodeURIComponent(value)}`,
  };
}

export interface EvaluationInput {
  token: string;
  rating: Rating;
  comment?: string | undefined;
}

/**
 * Uses a token once. For a request or a window, the rating is stored on the token item in the same
 * write that claims it. For an order, the rating goes to the order first (recorded there with the
 * token's id, so a retry after a crash finds it applied), then the token is claimed.
 */
export async function evaluate(
  s: Services,
  staff: Staff | null,
  input: EvaluationInput,
): Promise<RatingToken> {
  const call = currentCall();
  const token = await verify(s, input.token, call?.id);
  if (call && token.usedByCall === call.id) return token; // this call used it already, then crashed
  const now = s.clock.now().toISOString();
  const used = {
    usedAt: now,
    rating: input.rating,
    comment: input.comment ?? null,
    enteredBy: staff?.sub ?? null,
    ...(call ? { usedByCall: call.id } : {}),
  };
  if (token.channel === 'callback') {
    await syncCalendar(s);
    await changeOrder(
      s,
      token.subject,
      () => {},
      (order, ctx) => {
        const applied = order.history.some((h) => h.action === 'rated' && h.details?.token === token.tokenId);
        if (applied) return order;
        if (order.stageSeq !== stageOf(token))
          throw wrongState('the order has moved on since this link was sent', [], 'token_outdated');
        const next = rateOrder(order, ctx, actorOf(staff), input.rating, 'sms', input.comment);
        const rated = next.history.findIndex((h, i) => i >= order.history.length && h.action === 'rated');
        const history = next.history.map((h, i) =>
          i === rated ? { ...h, details: { ...h.details, token: token.tokenId } } : h,
        );
        return { ...next, history };
      },
    );
  }
  if (!(await s.ratingTokens.use(token, used)))
    throw wrongState('this token has been used', [], 'token_used');
  return { ...token, ...used };
}

export interface TokenState {
  state: 'unused' | 'used' | 'expired';
  channel: RatingChannel;
  courtCode: string;
  courtName: string;
  trackingNo: string | null;
  windowCode: string | null;
  expiresAt: string;
}

/**
 * What a rating link rates and whether it can still be used, for the page to say before the
 * citizen chooses: the court and the tracking number, nothing personal. Only the link's holder
 * learns it (the secret must match). A callback link whose order has moved on (reopened, closed
 * by a call) can no more be used than an expired one, and is said so.
 */
export async function describeToken(s: Services, value: string): Promise<TokenState> {
  const token = await findToken(s, value);
  const request =
    token.channel === 'window' || token.channel === 'callback' ? null : await s.requests.get(token.subject);
  const order = token.channel === 'callback' ? await s.orders.get(token.subject) : null;
  const outdated = order !== null && order.stageSeq !== stageOf(token);
  const state = token.usedAt
    ? 'used'
    : outdated || s.clock.now() > new Date(token.expiresAt)
      ? 'expired'
      : 'unused';
  return {
    state,
    channel: token.channel,
    courtCode: token.courtCode,
    courtName: s.courts.find(token.courtCode)?.name ?? token.courtCode,
    trackingNo: order?.trackingNo ?? request?.trackingNo ?? null,
    windowCode: token.channel === 'window' ? token.subject : null,
    expiresAt: token.expiresAt,
  };
}

/** The round an order's rating token was minted for (orderTokenId). */
const stageOf = (token: RatingToken) => Number(token.tokenId.split('-s').at(-1));

/** The token whose secret `value` holds; an unknown one and a wrong secret look alike. */
async function findToken(s: Services, value: string): Promise<RatingToken> {
  const dot = value.lastIndexOf('.');
  const tokenId = dot > 0 ? value.slice(0, dot) : '';
  const secret = value.slice(dot + 1);
  const token = tokenId ? await s.ratingTokens.get(tokenId) : null;
  const matches =
    token && timingSafeEqual(Buffer.from(hash(secret), 'hex'), Buffer.from(token.secretHash, 'hex'));
  if (!token || !matches) throw new Refusal('not_found', 'unknown_token', 'no such rating token');
  return token;
}

async function verify(s: Services, value: string, callId?: string): Promise<RatingToken> {
  const token = await findToken(s, value);
  if (token.usedAt && callId !== undefined && token.usedByCall === callId) return token;
  if (token.usedAt) throw wrongState('this token has been used', [], 'token_used');
  if (s.clock.now() > new Date(token.expiresAt))
    throw wrongState('this token has expired', [{ expiresAt: token.expiresAt }], 'token_expired');
  return token;
}
