import { createRemoteJWKSet, type JWTPayload, jwtVerify, SignJWT } from 'jose';

/**
 * Staff tokens. On AWS the HTTP API's JWT authorizer has already verified the token on protected
 * routes; this verifier serves the public routes where a token is optional (an agent filing a
 * hotline request) and the local server, which plays the authorizer's part.
 */
export interface TokenVerifier {
  verify(token: string): Promise<JWTPayload>;
}

export const LOCAL_ISSUER = 'urn:minyi:local';
export const LOCAL_AUDIENCE = 'minyi-api';

/** HS256 with a secret kept in the local data folder: only for `npm start` and the tests. */
export class LocalTokens implements TokenVerifier {
  private readonly key: Uint8Array;
  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async verify(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.key, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE });
    return payload;
  }

  async mint(claims: { sub: string; role: string; court: string }, ttlSeconds = 12 * 3600): Promise<string> {
    return new SignJWT({ role: claims.role, court: claims.court })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub)
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.key);
  }
}

/** An OIDC issuer's keys (a Cognito user pool, or the courts' own identity provider in China). */
export class JwksTokens implements TokenVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  constructor(
    private readonly issuer: string,
    private readonly audience: string,
  ) {
    this.jwks = createRemoteJWKSet(new URL(`${issuer.replace(/\/$/, '')}/.well-known/jwks.json`));
  }

  async verify(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.jwks, { issuer: this.issuer });
    // Cognito access tokens carry the app client in `client_id`, ID tokens in `aud`.
    const audience = payload.aud ?? payload.client_id;
    const audiences = Array.isArray(audience) ? audience : [audience];
    if (!audiences.includes(this.audience)) throw new Error('token audience mismatch');
    return payload;
  }
}
