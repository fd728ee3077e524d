/**
 * How much one client may do where nobody signs in (issue 24: one client filed 150 requests and
 * opened 150 WeChat sessions in a second each, and 300 flooded requests took a month's
 * first-contact rate to 0.3%). A client is its source address; a phone is its keyed hash. Each limit
 * counts calls in fixed windows; a call past it is a 429 with Retry-After (the window's end), and
 * is never filed, so flooded traffic never reaches the figures.
 */
export interface WindowLimit {
  /** Calls allowed in one window. */
  limit: number;
  windowSeconds: number;
}

export const CLIENT_LIMITS = {
  /** Requests filed without a staff token (the web form, the mini program), per source address. */
  filingPerClient: { limit: 20, windowSeconds: 300 },
  /** The same, per phone number given as the contact: many addresses, one victim or one padder. */
  filingPerPhone: { limit: 5, windowSeconds: 3600 },
  /**
   * WeChat sign-ins per source address: each spends a jscode2session call. Higher than filing: a
   * carrier's NAT puts many phones behind one address.
   */
  wechatSignInPerClient: { limit: 60, windowSeconds: 300 },
} as const satisfies Record<string, WindowLimit>;

/** The fixed window `nowMs` falls in: its name, when it ends, and when its counter may go. */
export function limitWindow(nowMs: number, windowSeconds: number) {
  const size = windowSeconds * 1000;
  const start = nowMs - (nowMs % size);
  return {
    name: new Date(start).toISOString().slice(0, 19),
    retryAfterSeconds: Math.max(1, Math.ceil((start + size - nowMs) / 1000)),
    // Kept one window past its end (the table's TTL removes it on AWS).
    expiresAtEpochS: Math.ceil((start + 2 * size) / 1000),
  };
}

/**
 * Wrong access codes (the tracking page, a rating token minted with the code). Counted per client
 * first: a client guessing at codes (any tracking number) is stopped, and the citizen whose
 * tracking number it guesses at is not (an attacker who knew a tracking number used to lock its
 * citizen out for the hour with ten guesses). A tracking number is bounded too, against guesses
 * from many addresses: past its hour's cap it takes one guess a minute, so the real citizen waits a
 * minute at most, and an attacker gets about 160 guesses an hour: with 8-digit codes, about 35
 * years on average for one request. A right code gives its places back (it was no failure).
 */
export const ACCESS_CODE_LIMITS = {
  /** Wrong codes per source address and hour: a carrier's NAT puts several citizens behind one. */
  failuresPerClient: { limit: 20, windowSeconds: 3600 },
  /** Wrong codes per tracking number and hour, from every client together. */
  failuresPerTrackingNo: { limit: 100, windowSeconds: 3600 },
  /** Past that: one guess a minute at that tracking number (the backoff). */
  slowedPerTrackingNo: { limit: 1, windowSeconds: 60 },
} as const satisfies Record<string, WindowLimit>;
