import type { Category } from './categories';
import type { Rating } from './order';

/** The channels a rating can come from; `callback` is an order's (its SMS link). */
export type RatingChannel = 'window' | 'hotline' | 'web' | 'wechat' | 'callback';

/**
 * A one-time rating token, and once used, the rating itself: claiming the token and recording the
 * rating are one conditional write on one item. Only the token's hash is stored.
 */
export interface RatingToken {
  tokenId: string;
  secretHash: string;
  channel: RatingChannel;
  /** Window code, requestId or orderId. */
  subject: string;
  /** The court the rating counts for (window's court, the request's court, the order's court). */
  courtCode: string;
  category: Category | null;
  mintedAt: string;
  mintedBy: string | null;
  expiresAt: string;
  usedAt: string | null;
  rating: Rating | null;
  comment: string | null;
  /** The member of staff who entered the rating for the citizen, or null when the citizen did. */
  enteredBy: string | null;
  /** The idempotent call that used it: the same call run again after a crash gets the same answer. */
  usedByCall?: string;
  version: number;
}

/** A request's rating token for its channel: one per request and channel (minting again replaces it). */
export const requestTokenId = (channel: 'web' | 'wechat' | 'hotline', requestId: string) =>
  `R-${channel}-${requestId}`;
/** An order's callback-SMS rating token: one per round (`stageSeq`). */
export const orderTokenId = (orderId: string, stageSeq: number) => `O-${orderId}-s${stageSeq}`;
