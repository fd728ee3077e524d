/**
 * The few WeChat server APIs the center uses, as WeChat documents them (errcode/errmsg answers):
 * `GET /sns/jscode2session` (a mini program's wx.login code → the user's openid),
 * `POST /cgi-bin/stable_token` (the app's access token) and `POST /cgi-bin/message/subscribe/send`
 * (a one-time subscription message). The same class calls the real API on AWS and the local
 * stand-in (local/wechat-stand-in.ts) in `npm start` and the tests: only the base URL differs.
 */
export class WeChatError extends Error {
  override readonly name = 'WeChatError';
  constructor(
    readonly errcode: number,
    errmsg: string,
    readonly api: string,
  ) {
    super(`WeChat ${api}: ${errcode} ${errmsg}`);
  }
}

/** WeChat's codes the center acts on. */
export const WECHAT_ERRORS = {
  invalidCode: 40029,
  invalidToken: 40001,
  expiredToken: 42001,
  noSubscription: 43101,
} as const;

export interface SubscribeMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
}

export interface WeChatCredentials {
  appId: string;
  appSecret: string;
}

/** Tokens are refreshed this long before WeChat's stated expiry. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

export class WeChatApi {
  private token: { value: string; until: number } | null = null;
  private fetching: Promise<string> | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly credentials: () => Promise<WeChatCredentials>,
    private readonly timeoutMs = 5_000,
  ) {}

  /** The openid behind a wx.login code; 40029 (and any other errcode) is thrown as WeChatError. */
  async code2Session(code: string): Promise<{ openid: string }> {
    const { appId, appSecret } = await this.credentials();
    const query = new URLSearchParams({
      appid: appId,
      secret: appSecret,
      js_code: code,
      grant_type: 'authorization_code',
    });
    const body = await this.call('jscode2session', `/sns/jscode2session?${query}`, { method: 'GET' });
    if (typeof body.openid !== 'string' || body.openid === '')
      throw new WeChatError(-1, 'no openid in the answer', 'jscode2session');
    return { openid: body.openid };
  }

  /**
   * Sends one subscription message. An access token WeChat calls invalid or expired (40001, 42001)
   * is replaced by a forced refresh of the stable token and the message sent once more.
   */
  async sendSubscribeMessage(message: SubscribeMessage): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken(attempt > 0);
      try {
        await this.call(
          'subscribe/send',
          `/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`,
          {
            method: 'POST',
            body: JSON.stringify({ miniprogram_state: 'formal', lang: 'zh_CN', ...message }),
          },
        );
        return;
      } catch (error) {
        const stale =
          error instanceof WeChatError &&
          (error.errcode === WECHAT_ERRORS.invalidToken || error.errcode === WECHAT_ERRORS.expiredToken);
        if (!stale || attempt > 0) throw error;
        this.token = null;
      }
    }
  }

  /** The cached stable token; `forceRefresh` asks WeChat for a new one (after 40001/42001). */
  private async accessToken(forceRefresh: boolean): Promise<string> {
    if (!forceRefresh && this.token && Date.now() < this.token.until) return this.token.value;
    this.fetching ??= this.fetchToken(forceRefresh).finally(() => {
      this.fetching = null;
    });
    return this.fetching;
  }

  private async fetchToken(forceRefresh: boolean): Promise<string> {
    const { appId, appSecret } = await this.credentials();
    const body = await this.call('stable_token', '/cgi-bin/stable_token', {
      method: 'POST',
      body: JSON.stringify({
        grant_type: 'client_credential',
        appid: appId,
        secret: appSecret,
        force_refresh: forceRefresh,
      }),
    });
    const value = body.access_token;
    const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 7200;
    if (typeof value !== 'string' || value === '')
      throw new WeChatError(-1, 'no access_token in the answer', 'stable_token');
    this.token = { value, until: Date.now() + expiresIn * 1000 - EXPIRY_MARGIN_MS };
    return value;
  }

  private async call(api: string, path: string, init: RequestInit): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.baseUrl.replace(/\/$/, '')}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json' },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new WeChatError(-1, `HTTP ${response.status}`, api);
    const body = (await response.json()) as Record<string, unknown>;
    const errcode = typeof body.errcode === 'number' ? body.errcode : 0;
    if (errcode !== 0) throw new WeChatError(errcode, String(body.errmsg ?? ''), api);
    return body;
  }
}
