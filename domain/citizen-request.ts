import type { Category, Channel } from './categories';

export type RequestStatus = 'received' | 'settled' | 'ordered';

/**
 * The channels a citizen files on by themselves (the web page, the WeChat mini program): nobody at
 * the center has seen such a request until an agent opens it from the inbox (services/inbox.ts).
 * Hotline calls and window visits are taken down by the agent who then handles them.
 */
export const ONLINE_CHANNELS = ['web', 'wechat'] as const satisfies readonly Channel[];

/** A citizen's request (诉求). `contact` and `content` are personal information. */
export interface CitizenRequest {
  requestId: string;
  trackingNo: string;
  accessCodeHash: string;
  channel: Channel;
  category: Category;
  content: string;
  contact: { name: string; phone: string };
  caseNumber: string | null;
  courtCode: string | null;
  status: RequestStatus;
  createdAt: string;
  /** The agent who took it down (hotline, window), or null when the citizen filed it. */
  createdBy: string | null;
  answer: string | null;
  settledAt: string | null;
  settledBy: string | null;
  orderId: string | null;
  /** Issue 20: the knowledge-base entries a first-contact answer used (absent on older requests). */
  knowledgeIds?: string[];
  version: number;
  /**
   * The idempotent call that filed it (a hash, never the key), and its access code sealed with a
   * key only that call's Idempotency-Key yields: the same call run again after a crash answers
   * the same request and code instead of filing a second one.
   */
  createdByCall?: string;
  /** That call's body fingerprint: the same key with another body is refused (409), not answered with this. */
  createdByBody?: string;
  accessCodeSealed?: string;
  /**
   * When the access code went out by SMS (hotline, window: services/access-code-sms.ts). Absent on
   * a request whose send failed: the intake retried under its Idempotency-Key sends it then, once.
   */
  accessCodeSentAt?: string;
  /** The idempotent call that settled it, for the same reason. */
  settledByCall?: string;
  /**
   * A repeat request (重复诉求, domain/repeat-requests.ts): the matter it repeats, and the court that
   * matter counts at in the figures (a repeat counts with its matter). A repeat gets no order: it is
   * settled as linked, so it counts as settled at first contact (即时办结) and apart, as a repeat.
   */
  repeatOf?: { requestId: string; trackingNo: string; courtCode: string };
  /** The agent's stated reason for a second order on a case that already has one open. */
  sameCaseReason?: string;
}
