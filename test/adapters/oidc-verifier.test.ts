import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { decodeProtectedHeader, exportJWK, generateKeyPair, type JWK } from 'jose';
import { JwksTokens } from '../../adapters/tokens';

/**
 * The OIDC token verifier against a real OpenID Connect issuer (oidc-provider) on 127.0.0.1 at a
 * random port, in its own process: discovery of jwks_uri, caching, key rotation, and the tokens it
 * must refuse. Nothing of ours is stubbed; the issuer signs real JWT access tokens.
 */
class LocalIssuer {
  readonly requests: string[] = [];
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the issuer with these signing keys (the first signs), on `port` or a free one. */
  static start(keys: JWK[], port = 0): Promise<LocalIssuer> {
    const child = spawn(process.execPath, [join(__dirname, 'support', 'oidc-issuer.mjs'), String(port)], {
      env: { ...process.env, OIDC_JWKS: JSON.stringify(keys) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return new Promise((resolve, reject) => {
      let issuer: LocalIssuer | undefined;
      child.once('exit', (code) => issuer || reject(new Error(`issuer exited with ${code}`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (!line.startsWith('@@')) return; // the provider's own warnings
        const event = JSON.parse(line.slice(2)) as { listening?: number; path?: string };
        if (event.listening) {
          issuer = new LocalIssuer(child, event.listening);
          resolve(issuer);
        } else if (event.path) issuer?.requests.push(event.path);
      });
    });
  }

  /** A JWT access token (client_credentials) for a resource: its audience and lifetime (support/oidc-issuer.mjs). */
  async token(resource = 'urn:minyi:api'): Promise<string> {
    const response = await fetch(`${this.url}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('desk:desk-secret').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', resource, scope: 'staff' }),
    });
    const body = (await response.json()) as { access_token?: string; error_description?: string };
    if (!body.access_token) throw new Error(`no token: ${JSON.stringify(body)}`);
    return body.access_token;
  }

  count(path: string): number {
    return this.requests.filter((p) => p === path).length;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.kill();
    });
  }
}

async function signingKey(kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
}

const DISCOVERY = '/.well-known/openid-configuration';
let issuer: LocalIssuer;
let first: JWK;
/** The keys the running issuer publishes (a restart keeps them). */
let published: JWK[];
beforeAll(async () => {
  first = await signingKey('key-1');
  published = [first];
  issuer = await LocalIssuer.start(published);
});
afterAll(() => issuer.stop());

test('discovery: the keys are found through the openid-configuration, not at a guessed path', async () => {
  const configuration = (await (await fetch(`${issuer.url}${DISCOVERY}`)).json()) as { jwks_uri: string };
  // Cognito's /.well-known/jwks.json does not exist here: only discovery finds the keys.
  expect(configuration.jwks_uri).not.toContain('/.well-known/jwks.json');
  expect((await fetch(`${issuer.url}/.well-known/jwks.json`)).status).toBe(404);

  const verifier = new JwksTokens(issuer.url, 'minyi-api');
  const claims = await verifier.verify(await issuer.token());
  expect(claims).toMatchObject({ iss: issuer.url, aud: 'minyi-api', role: 'handler', court: '赣1126' });
});

test('discovery and keys are cached: many verifications, one discovery and one key fetch', async () => {
  const verifier = new JwksTokens(issuer.url, 'minyi-api');
  const jwksPath = new URL(
    ((await (await fetch(`${issuer.url}${DISCOVERY}`)).json()) as { jwks_uri: string }).jwks_uri,
  ).pathname;
  const before = { discovery: issuer.count(DISCOVERY), jwks: issuer.count(jwksPath) };
  const token = await issuer.token();
  await Promise.all([verifier.verify(token), verifier.verify(token), verifier.verify(token)]);
  await verifier.verify(token);
  expect(issuer.count(DISCOVERY) - before.discovery).toBe(1);
  expect(issuer.count(jwksPath) - before.jwks).toBe(1);
});

test('key rotation: a token signed with a new key is accepted without restarting the verifier', async () => {
  const verifier = new JwksTokens(issuer.url, 'minyi-api', { jwksCooldownMs: 0 });
  const old = await issuer.token();
  await verifier.verify(old);

  // The issuer restarts on the same address with a new signing key, still publishing the old one.
  const second = await signingKey('key-2');
  const port = issuer.port;
  await issuer.stop();
  published = [second, first];
  issuer = await LocalIssuer.start(published, port);
  const rotated = await issuer.token();
  expect(decodeProtectedHeader(rotated).kid).toBe('key-2');

  await expect(verifier.verify(rotated)).resolves.toMatchObject({ role: 'handler' });
  await expect(verifier.verify(old)).resolves.toMatchObject({ role: 'handler' });
});

test('a token for another audience is refused', async () => {
  const verifier = new JwksTokens(issuer.url, 'minyi-api');
  const token = await issuer.token('urn:other:api');
  await expect(verifier.verify(token)).rejects.toThrow(/audience/);
});

test('an expired token is refused', async () => {
  const verifier = new JwksTokens(issuer.url, 'minyi-api');
  const token = await issuer.token('urn:minyi:short');
  await expect(verifier.verify(token)).resolves.toMatchObject({ aud: 'minyi-api' });
  await new Promise((r) => setTimeout(r, 2_100));
  await expect(verifier.verify(token)).rejects.toThrow(/"exp" claim timestamp check failed/);
});

test('a token from another issuer is refused, and so is a discovery document naming another issuer', async () => {
  // The same key, another issuer: only the issuer check can refuse it.
  const other = await LocalIssuer.start(published);
  try {
    const verifier = new JwksTokens(issuer.url, 'minyi-api');
    await expect(verifier.verify(await other.token())).rejects.toThrow(/unexpected "iss" claim value/);
    // Same server, another spelling of its address: the document's issuer must match exactly.
    const misnamed = new JwksTokens(`http://localhost:${issuer.port}`, 'minyi-api');
    await expect(misnamed.verify(await issuer.token())).rejects.toThrow(/names issuer/);
  } finally {
    await other.stop();
  }
});

test('an issuer that cannot be reached fails the verification, and a later call tries again', async () => {
  const verifier = new JwksTokens(issuer.url, 'minyi-api', { timeoutMs: 2_000 });
  const token = await issuer.token();
  const port = issuer.port;
  await issuer.stop();
  await expect(verifier.verify(token)).rejects.toThrow();
  issuer = await LocalIssuer.start(published, port);
  await expect(verifier.verify(token)).resolves.toMatchObject({ court: '赣1126' });
});
