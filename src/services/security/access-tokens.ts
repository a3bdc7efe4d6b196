import { SignJWT, errors, jwtVerify } from 'jose';

const ISSUER = 'tenantry';
const AUDIENCE = 'tenantry-api';

/** What an access token says about its bearer. */
export interface AccessClaims {
  userId: number;
  tenantId: number;
  sessionId: string;
  /** Issue time in milliseconds: revocations compare against it. */
  issuedAtMs: number;
}

/** Signs and checks access tokens (HS256 JWTs). Verification is pure CPU: no database on the hot path. */
export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(secret: string, private readonly lifetimeSeconds: number) {
    this.key = new TextEncoder().encode(secret);
  }

  get expiresInSeconds(): number {
    return this.lifetimeSeconds;
  }

  async issue(claims: Omit<AccessClaims, 'issuedAtMs'>, now = Date.now()): Promise<{ token: string; claims: AccessClaims }> {
    const issuedAtMs = now;
    const token = await new SignJWT({ tid: claims.tenantId, sid: claims.sessionId, iat_ms: issuedAtMs })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(String(claims.userId))
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(now / 1000) + this.lifetimeSeconds)
      .sign(this.key);
    return { token, claims: { ...claims, issuedAtMs } };
  }

  /** Answers the claims of a valid, unexpired token, or undefined for anything else. */
  async verify(token: string): Promise<AccessClaims | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      const userId = Number(payload.sub);
      const { tid, sid, iat_ms } = payload as { tid?: unknown; sid?: unknown; iat_ms?: unknown };
      if (!Number.isSafeInteger(userId) || typeof tid !== 'number' || typeof sid !== 'string' || typeof iat_ms !== 'number') {
        return undefined;
      }
      return { userId, tenantId: tid, sessionId: sid, issuedAtMs: iat_ms };
    } catch (error) {
      if (error instanceof errors.JOSEError) return undefined;
      throw error;
    }
  }
}

/** Cheap shape test so API keys and other bearer credentials are not fed to the JWT verifier. */
export function looksLikeJwt(value: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value);
}
