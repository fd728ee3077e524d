import { createHmac, hkdfSync } from 'node:crypto';

/** A citizen's session token is for this audience alone: no staff route or staff verifier accepts it. */
export const CITIZEN_AUDIENCE = 'citizen';
export const CITIZEN_ISSUER = 'urn:minyi:citizen-session';
/** Short-lived: the mini program signs in again with a fresh wx.login code. @default 2 hours */
export const CITIZEN_SESSION_SECONDS = 2 * 3600;

/** A signed-in citizen: `subject` is a keyed hash of their openid, never the openid. */
export interface Citizen {
  subject: string;
}

/**
 * The system's own citizen session tokens (HS256 with the deployment's session key). The subject is
 * HMAC(openid) under a key derived from the same secret, so one openid is always one subject, and
 * neither tokens nor logs nor the request items carry the openid itself.
 */
export class CitizenSessions {
  private readonly signingKey: Uint8Array;
  private readonly subjectKey: Buffer;

  constructor(sessionKey: string) {
    this.signingKey = new Uint8Array(hkdfSync('sha256', sessionKey, '', 'minyi citizen session token', 32));
    this.subjectKey = Buffer.from(hkdfSync('sha256', sessionKey, '', 'minyi citizen subject', 32));
  }

  subjectOf(openid: string): string {
    return createHmac('sha256', this.subjectKey).update(openid).digest('base64url');
  }

  async mint(subject: string, now: Date): Promise<{ token: string; expiresAt: string }> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const { SignJWT } = await import('jose');
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject)
      .setIssuer(CITIZEN_ISSUER)
      .setAudience(CITIZEN_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + CITIZEN_SESSION_SECONDS)
      .sign(this.signingKey);
    return { token, expiresAt: new Date((issuedAt + CITIZEN_SESSION_SECONDS) * 1000).toISOString() };
  }

  /** The citizen a token names; throws on a forged, expired or foreign (staff) token. */
  async verify(token: string, now: Date): Promise<Citizen> {
    const { jwtVerify } = await import('jose');
    const { payload } = await jwtVerify(token, this.signingKey, {
      issuer: CITIZEN_ISSUER,
      audience: CITIZEN_AUDIENCE,
      algorithms: ['HS256'],
      currentDate: now,
    });
    if (typeof payload.sub !== 'string' || payload.sub === '') throw new Error('no subject');
    return { subject: payload.sub };
  }
}

/** The keyed hash of a phone number (digits only, so `139 1234 5678` and `13912345678` agree). */
/** A source address under the same key, apart from phones by its prefix: counts a client's calls, never stores its address. */
export function clientHash(key: string, sourceIp: string): string {
  return createHmac('sha256', key).update(`client:${sourceIp.toLowerCase()}`).digest('base64url');
}

export function phoneHash(phoneHashKey: string, phone: string): string {
  const digits = phone.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
  return createHmac('sha256', phoneHashKey).update(`phone:${digits}`).digest('base64url');
}
