import { LRUCache } from 'lru-cache';
import { SignJWT, errors, jwtVerify } from 'jose';
import type { CredentialOrigin } from '../../domain/caller.js';

const ISSUER = 'tenantry';
const AUDIENCE = 'tenantry-api';

/** What an access token says about its bearer. */
export interface AccessClaims {
  userId: number;
  tenantId: number;
  sessionId: string;
  /** How the session was opened; tokens without the claim predate it and were opened with a password. */
  origin: CredentialOrigin;
  /** The API key that bounds a session opened through one. */
  apiKey?: { tenantId: number; id: number } | undefined;
  /** An impersonated session's impersonator and the impersonator's own session (origin `impersonated`). */
  impersonator?: ImpersonatorClaim | undefined;
  /** Issue time in milliseconds: revocations compare against it. */
  issuedAtMs: number;
}

export interface ImpersonatorClaim {
  tenantId: number;
  userId: number;
  sessionId: string;
}

const ORIGINS: readonly CredentialOrigin[] = ['password', 'delegated', 'api_key', 'impersonated'];

/** How many verified tokens are remembered; past it the least recently used is forgotten. */
const MAX_VERIFIED = 20_000;

/**
 * Signs and checks access tokens (HS256 JWTs). Verification is pure CPU: no database on the hot path. A token's
 * signature is checked once; its claims are then remembered by the token's whole text (any change to it is another
 * text, checked anew) until it expires: a client sends one token with many requests, and jose's verification cost
 * ~0.1–0.2 ms of the main thread each time (W2 in BENCHMARKS.md). Revocation is not cached here: the caller's
 * revocation gate is asked on every request.
 */
export class AccessTokens {
  private readonly key: Uint8Array;
  private readonly verified = new LRUCache<string, { claims: AccessClaims; expiresAtMs: number }>({ max: MAX_VERIFIED });

  constructor(secret: string, private readonly lifetimeSeconds: number) {
    this.key = new TextEncoder().encode(secret);
  }

  get expiresInSeconds(): number {
    return this.lifetimeSeconds;
  }

  /** Signs a token for the session; `notAfterMs` cuts its lifetime short (a session bounded by an API key). */
  async issue(claims: Omit<AccessClaims, 'issuedAtMs'>, now = Date.now(), notAfterMs = Infinity): Promise<{ token: string; claims: AccessClaims }> {
    const issuedAtMs = now;
    const expiresAt = Math.min(Math.floor(now / 1000) + this.lifetimeSeconds, Math.floor(notAfterMs / 1000));
    const bound = claims.apiKey ? { akt: claims.apiKey.tenantId, akid: claims.apiKey.id } : {};
    const impersonator = claims.impersonator ? { imt: claims.impersonator.tenantId, imu: claims.impersonator.userId, ims: claims.impersonator.sessionId } : {};
    const token = await new SignJWT({ tid: claims.tenantId, sid: claims.sessionId, org: claims.origin, iat_ms: issuedAtMs, ...bound, ...impersonator })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(String(claims.userId))
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(expiresAt)
      .sign(this.key);
    return { token, claims: { ...claims, issuedAtMs } };
  }

  /** Answers the claims of a valid, unexpired token, or undefined for anything else. */
  async verify(token: string): Promise<AccessClaims | undefined> {
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAtMs > Date.now()) return known.claims;
      this.verified.delete(token);
      return undefined;
    }
    const claims = await this.checkSignature(token);
    if (claims) this.verified.set(token, claims);
    return claims?.claims;
  }

  private async checkSignature(token: string): Promise<{ claims: AccessClaims; expiresAtMs: number } | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      const userId = Number(payload.sub);
      const { tid, sid, iat_ms, org = 'password', akt, akid, imt, imu, ims } = payload as Record<string, unknown>;
      if (!Number.isSafeInteger(userId) || typeof tid !== 'number' || typeof sid !== 'string' || typeof iat_ms !== 'number') {
        return undefined;
      }
      if (!ORIGINS.includes(org as CredentialOrigin)) return undefined;
      const apiKey = typeof akt === 'number' && typeof akid === 'number' ? { tenantId: akt, id: akid } : undefined;
      if (org === 'api_key' && !apiKey) return undefined;
      const impersonator = typeof imt === 'number' && typeof imu === 'number' && typeof ims === 'string' ? { tenantId: imt, userId: imu, sessionId: ims } : undefined;
      // An impersonated session always says who impersonates, and only such a session says it.
      if ((org === 'impersonated') !== (impersonator !== undefined)) return undefined;
      // jose refuses a token without `exp` only when told to; these tokens always carry one (`issue`).
      if (typeof payload.exp !== 'number') return undefined;
      return { claims: { userId, tenantId: tid, sessionId: sid, origin: org as CredentialOrigin, apiKey, impersonator, issuedAtMs: iat_ms }, expiresAtMs: payload.exp * 1000 };
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
