import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stand-in keeps of each subscription message: the local outbox shows it as kind "wechat". */
export interface WeChatMessageRecord {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}

export type WeChatApiName = 'jscode2session' | 'stable_token' | 'subscribe/send';

/**
 * The few WeChat endpoints the center calls, on 127.0.0.1, speaking WeChat's JSON (errcode/errmsg):
 * `GET /sns/jscode2session` (a code `local-<name>` is the user `<name>`, always the same openid),
 * `POST /cgi-bin/stable_token` (one current token; `force_refresh` replaces it),
 * `POST /cgi-bin/message/subscribe/send` (recorded into the outbox). `failNext` makes the next call
 * of an API answer a given errcode, so tests meet 40029, 40001, 42001 and 43101 as WeChat sends them.
 */
export class WeChatStandIn {
  private server: Server | null = null;
  private token = newToken();
  private readonly failures: { api: WeChatApiName; errcode: number }[] = [];
  /** Every call by API name, for tests that count token fetches. */
  readonly calls: Record<WeChatApiName, number> = { jscode2session: 0, stable_token: 0, 'subscribe/send': 0 };
  url = '';

  constructor(
    private readonly app: { appId: string; appSecret: string },
    private readonly record: (message: WeChatMessageRecord) => Promise<void>,
  ) {}

  /** The next call of `api` answers `errcode` (40001 on send also makes the current token invalid). */
  failNext(api: WeChatApiName, errcode: number): void {
    this.failures.push({ api, errcode });
  }

  /** The openid WeChat gives the user behind `local-<name>` (tests compare against it). */
  static openidOf(name: string): string {
    return `o${createHash('sha256').update(`minyi local wechat user ${name}`).digest('base64url').slice(0, 27)}`;
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => send(res, { errcode: -1, errmsg: 'system error' }));
    });
    await new Promise<void>((done) => this.server!.listen(port, '127.0.0.1', done));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
    this.server = null;
  }

  private failure(api: WeChatApiName): number | null {
    const i = this.failures.findIndex((f) => f.api === api);
    if (i < 0) return null;
    return this.failures.splice(i, 1)[0]!.errcode;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = req.method === 'POST' ? await readJson(req) : {};
    if (req.method === 'GET' && url.pathname === '/sns/jscode2session') {
      this.calls.jscode2session++;
      const q = url.searchParams;
      if (q.get('appid') !== this.app.appId || q.get('secret') !== this.app.appSecret)
        return send(res, { errcode: 40013, errmsg: 'invalid appid' });
      const forced = this.failure('jscode2session');
      const code = q.get('js_code') ?? '';
      if (forced !== null || !/^local-[\w-]{1,40}$/.test(code))
        return send(res, { errcode: forced ?? 40029, errmsg: 'invalid code' });
      return send(res, {
        openid: WeChatStandIn.openidOf(code.slice('local-'.length)),
        session_key: randomBytes(16).toString('base64'),
      });
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/stable_token') {
      this.calls.stable_token++;
      if (body.appid !== this.app.appId || body.secret !== this.app.appSecret)
        return send(res, { errcode: 40013, errmsg: 'invalid appid' });
      const forced = this.failure('stable_token');
      if (forced !== null) return send(res, { errcode: forced, errmsg: 'forced by the test' });
      if (body.force_refresh === true) this.token = newToken();
      return send(res, { access_token: this.token, expires_in: 7200 });
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/message/subscribe/send') {
      this.calls['subscribe/send']++;
      const forced = this.failure('subscribe/send');
      if (forced === 40001 || forced === 42001) this.token = newToken(); // the caller's token is now stale
      if (forced !== null) return send(res, { errcode: forced, errmsg: errmsgOf(forced) });
      if (url.searchParams.get('access_token') !== this.token)
        return send(res, {
          errcode: 40001,
          errmsg: 'invalid credential, access_token is invalid or not latest',
        });
      if (typeof body.touser !== 'string' || typeof body.template_id !== 'string')
        return send(res, { errcode: 47003, errmsg: 'argument invalid!' });
      await this.record({
        touser: body.touser,
        templateId: body.template_id,
        page: typeof body.page === 'string' ? body.page : '',
        data: (body.data ?? {}) as Record<string, { value: string }>,
      });
      return send(res, { errcode: 0, errmsg: 'ok', msgid: Date.now() });
    }
    return send(res, { errcode: 404, errmsg: `no such API ${url.pathname}` });
  }
}

const newToken = () => `LOCAL_${randomBytes(24).toString('base64url')}`;

function errmsgOf(errcode: number): string {
  if (errcode === 43101) return 'user refuse to accept the msg';
  if (errcode === 42001) return 'access_token expired';
  if (errcode === 40001) return 'invalid credential';
  return 'error';
}

function send(res: ServerResponse, body: unknown): void {
  // WeChat answers 200 with errcode in the body, errors included.
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        done(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch {
        done({});
      }
    });
  });
}
