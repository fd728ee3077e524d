import type { createRemoteJWKSet } from 'jose';

/**
 * jose is imported on the first token, not at cold start: most calls carry none (the JWT
 * authorizer has verified staff routes), and the bundles leave it out, each function shipping it
 * as its own file (infra/constructs/minyi-function.ts, LAZY_MODULES).
 */
const jose = () => import('jose');

/**
 * Staff tokens. On AWS the HTTP API's JWT authorizer has already verified the token on protected
 * routes; this verifier serves the public routes where a token is optional (an agent filing a
 * hotline request) and the local server, which plays the authorizer's part. It returns the token's
 * claims as they are: on Cognito, role and court come from `cognito:groups` (`role:<role>`,
 * `court:<code>`); a generic OIDC issuer (China) sends plain `role` and `court` claims.
 */
export interface TokenVerifier {
  verify(token: string): Promise<Record<string, unknown>>;
}

export const LOCAL_ISSUER = 'urn:minyi:local';
export const LOCAL_AUDIENCE = 'minyi-api';

/** HS256 with a secret kept in the local data folder: only for `npm start` and the tests. */
export class LocalTokens implements TokenVerifier {
  private readonly key: Uint8Array;
  /**
   * Tokens already verified, with their claims: the same token verifies the same way until it
   * expires, which is checked again at every use. A simulation calls with a handful of tokens
   * hundreds of thousands of times, and the HMAC check was a twentieth of its CPU.
   */
  private readonly verified = new Map<string, Record<string, unknown> & { exp?: number; nbf?: number }>();
  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async verify(token: string): Promise<Record<string, unknown>> {
    const known = this.verified.get(token);
    const now = Date.now() / 1000;
    if (
      known &&
      (known.exp === undefined || known.exp > now) &&
      (known.nbf === undefined || known.nbf <= now)
    )
      return structuredClone(known);
    const { jwtVerify } = await jose();
    const { payload } = await jwtVerify(token, this.key, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE });
    if (this.verified.size >= 1_000) this.verified.clear();
    this.verified.set(token, structuredClone(payload));
    return payload;
  }

  async mint(
    claims: { sub: string; role: string; court: string; unit?: string },
    ttlSeconds = 12 * 3600,
  ): Promise<string> {
    const { SignJWT } = await jose();
    return new SignJWT({
      role: claims.role,
      court: claims.court,
      ...(claims.unit ? { unit: claims.unit } : {}),
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub)
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.key);
  }
}

export interface OidcVerifierOptions {
  /** How long a discovered `jwks_uri` is used before the OpenID configuration is read again. @default 1 hour */
  discoveryMaxAgeMs?: number;
  /** How long fetched keys are trusted without a refetch. @default 10 minutes (jose's default) */
  jwksMaxAgeMs?: number;
  /**
   * Least time between two key fetches caused by an unknown key id: a rotated key is picked up on
   * its first token, and a flood of forged key ids cannot make the function hammer the issuer.
   * @default 30 seconds (jose's default)
   */
  jwksCooldownMs?: number;
  /** Timeout of each request to the issuer. @default 5 seconds */
  timeoutMs?: number;
}

/** Asymmetric algorithms only: a token signed with a shared secret is never accepted from an issuer. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];

type KeySet = ReturnType<typeof createRemoteJWKSet>;

/**
 * Tokens of an OpenID Connect issuer: a Cognito user pool, or the courts' own identity provider in
 * China. The keys' location is not guessed (Cognito's `/.well-known/jwks.json` is Cognito's alone):
 * it is the `jwks_uri` of the issuer's `/.well-known/openid-configuration`, which every OIDC issuer,
 * Cognito included, publishes. Discovery and keys are cached across invocations of a warm function;
 * a key id the cache does not know triggers one refetch (key rotation).
 */
export class JwksTokens implements TokenVerifier {
  private keys: { set: KeySet; until: number } | null = null;
  private discovering: Promise<KeySet> | null = null;
  private readonly options: Required<OidcVerifierOptions>;

  constructor(
    private readonly issuer: string,
    private readonly audience: string,
    options: OidcVerifierOptions = {},
  ) {
    this.options = {
      discoveryMaxAgeMs: 3_600_000,
      jwksMaxAgeMs: 600_000,
      jwksCooldownMs: 30_000,
      timeoutMs: 5_000,
      ...options,
    };
  }

  async verify(token: string): Promise<Record<string, unknown>> {
    const { jwtVerify } = await jose();
    const { payload } = await jwtVerify(token, await this.keySet(), {
      issuer: this.issuer,
      algorithms: ALGORITHMS,
    });
    // Cognito access tokens carry the app client in `client_id`, ID tokens and other issuers in `aud`.
    const audience = payload.aud ?? payload.client_id;
    const audiences = Array.isArray(audience) ? audience : [audience];
    if (!audiences.includes(this.audience)) throw new Error('token audience mismatch');
    return payload;
  }

  /** The issuer's key set, discovering its `jwks_uri` when none is cached or the cache is stale. */
  private async keySet(): Promise<KeySet> {
    if (this.keys && Date.now() < this.keys.until) return this.keys.set;
    // Concurrent first requests share one discovery; a failed one is forgotten so the next retries.
    this.discovering ??= this.discover().finally(() => {
      this.discovering = null;
    });
    return this.discovering;
  }

  private async discover(): Promise<KeySet> {
    const url = `${this.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    if (!response.ok) throw new Error(`OpenID configuration of ${this.issuer}: HTTP ${response.status}`);
    const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
    // OpenID Connect Discovery 1.0, 4.3: the document must name exactly the issuer it was read for.
    if (document.issuer !== this.issuer)
      throw new Error(`OpenID configuration names issuer ${String(document.issuer)}, not ${this.issuer}`);
    const jwksUri = new URL(String(document.jwks_uri));
    if (jwksUri.protocol !== 'https:' && !isLoopback(jwksUri.hostname))
      throw new Error(`jwks_uri ${jwksUri.href} is not https`);
    const { createRemoteJWKSet } = await jose();
    const set = createRemoteJWKSet(jwksUri, {
      timeoutDuration: this.options.timeoutMs,
      cooldownDuration: this.options.jwksCooldownMs,
      cacheMaxAge: this.options.jwksMaxAgeMs,
    });
    this.keys = { set, until: Date.now() + this.options.discoveryMaxAgeMs };
    return set;
  }
}

/** Plain http is allowed only to this machine: the tests' and a developer's local issuer. */
const isLoopback = (hostname: string) => ['127.0.0.1', '[::1]', 'localhost'].includes(hostname);
