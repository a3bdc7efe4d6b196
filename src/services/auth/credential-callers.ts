import { LRUCache } from 'lru-cache';
import type { Data } from '../../data/index.js';
import type { ApiKeyBound, Caller, CredentialOrigin } from '../../domain/caller.js';
import { IMPERSONATION_PERMISSION } from '../../domain/credential-rules.js';
import { AppError } from '../../domain/errors.js';
import { NO_ORIGIN, type RequestOrigin } from '../../domain/request-origin.js';
import { type AccessTokens, looksLikeJwt } from '../security/access-tokens.js';
import { type CredentialGate, subject } from '../security/credential-gate.js';
import { parseTenantToken, secretMatches } from '../security/secrets.js';
import type { CallerProfiles } from './caller-profiles.js';

/** API keys as authentication needs them: a presented key, and what a still-live key bounds. */
export interface ApiKeyAuthority {
  verify(credential: string, from: RequestOrigin): Promise<Caller | undefined>;
  bound(tenantId: number, id: number): Promise<{ paths: readonly string[]; expiresMs: number; limits?: ApiKeyBound['limits'] } | undefined>;
}

/**
 * Turns a presented credential (an access token, an API key, a REST session's cookie) into the Caller a request
 * acts as. Everything that can end a credential at any moment is asked on every request: the revocation gate,
 * the user's current profile, the API key a session was opened through, an impersonator's own standing.
 */
export class CredentialCallers {
  constructor(
    private readonly data: Data,
    private readonly tokens: AccessTokens,
    private readonly gate: CredentialGate,
    private readonly profiles: CallerProfiles,
    private readonly apiKeys: ApiKeyAuthority,
  ) {}

  /** The caller behind `Authorization: Bearer <credential>`; throws `unauthenticated` when it is not valid. */
  async fromBearer(credential: string, from: RequestOrigin = NO_ORIGIN): Promise<Caller> {
    await this.gate.settled();
    if (looksLikeJwt(credential)) {
      const claims = await this.tokens.verify(credential);
      if (!claims) throw AppError.unauthenticated('The access token is invalid or expired.');
      const subjects = [subject.tenant(claims.tenantId), subject.user(claims.userId), subject.session(claims.sessionId)];
      // An impersonated session ends with its impersonator: signed out, deactivated, or its tenant suspended.
      const { impersonator } = claims;
      if (impersonator) subjects.push(subject.tenant(impersonator.tenantId), subject.user(impersonator.userId), subject.session(impersonator.sessionId));
      if (!this.gate.allows(subjects, claims.issuedAtMs)) throw AppError.unauthenticated('The access token has been revoked.');
      const profile = await this.profiles.get(claims.tenantId, claims.userId);
      if (!profile) throw AppError.unauthenticated('The access token has been revoked.');
      const impersonatorProfile = impersonator && (await this.profiles.get(impersonator.tenantId, impersonator.userId));
      if (impersonator && !impersonatorProfile?.permissions.has(IMPERSONATION_PERMISSION)) throw AppError.unauthenticated('The access token has been revoked.');
      const apiKey = claims.apiKey && (await this.apiKeyBound(claims.apiKey));
      if (claims.apiKey && !apiKey) throw AppError.unauthenticated('The API key this session was opened through has ended.');
      return {
        userId: claims.userId,
        tenantId: claims.tenantId,
        userName: profile.userName,
        permissions: profile.permissions,
        credential: 'access_token',
        origin: claims.origin,
        sessionId: claims.sessionId,
        ...(apiKey ? { apiKey } : {}),
        ...(impersonator && impersonatorProfile ? { impersonator: { ...impersonator, userName: impersonatorProfile.userName } } : {}),
        ...(profile.mustEnrolTwoFactor ? { mustEnrolTwoFactor: true as const } : {}),
        from,
      };
    }
    const caller = await this.apiKeys.verify(credential, from);
    if (!caller) throw AppError.unauthenticated('The credential is invalid, expired or revoked.');
    return caller;
  }

  /** The caller behind a REST session id (the JSESSIONID cookie); throws `unauthenticated` when not valid. */
  async fromRestSession(sessionToken: string, from: RequestOrigin = NO_ORIGIN): Promise<Caller> {
    const rejected = () => AppError.unauthenticated('The session is invalid or has expired.');
    const parsed = parseTenantToken(sessionToken.trim());
    if (!parsed) throw rejected();
    await this.gate.settled();
    const cached = this.restSessions.get(sessionToken);
    let session = cached && cached.expires > Date.now() ? cached.session : undefined;
    if (!session) {
      const row = await this.data.sessions.find(parsed.tenantId, parsed.id);
      if (!row || row.kind !== 'rest' || !row.secret_hash || !secretMatches(parsed.secret, row.secret_hash)) throw rejected();
      if (row.revoked_at || row.expires_at.getTime() <= Date.now()) throw rejected();
      session = { userId: row.user_id, tenantId: row.tenant_id, id: row.id, origin: row.origin, createdMs: row.created_at.getTime(), expiresMs: row.expires_at.getTime() };
      this.restSessions.set(sessionToken, { session, expires: Math.min(Date.now() + 60_000, session.expiresMs) });
    }
    if (session.expiresMs <= Date.now()) throw rejected();
    const subjects = [subject.tenant(session.tenantId), subject.user(session.userId), subject.session(session.id)];
    if (!this.gate.allows(subjects, session.createdMs)) throw rejected();
    const profile = await this.profiles.get(session.tenantId, session.userId);
    if (!profile) throw rejected();
    return {
      userId: session.userId,
      tenantId: session.tenantId,
      userName: profile.userName,
      permissions: profile.permissions,
      credential: 'rest_session',
      origin: session.origin,
      sessionId: session.id,
      ...(profile.mustEnrolTwoFactor ? { mustEnrolTwoFactor: true as const } : {}),
      from,
    };
  }

  private readonly restSessions = new LRUCache<
    string,
    { session: { userId: number; tenantId: number; id: string; origin: CredentialOrigin; createdMs: number; expiresMs: number }; expires: number }
  >({ max: 50_000 });

  /** The bound of a still-live API key, with its paths; undefined once the key has ended. */
  async apiKeyBound(key: { tenantId: number; id: number }): Promise<(ApiKeyBound & { expiresMs: number }) | undefined> {
    const bound = await this.apiKeys.bound(key.tenantId, key.id);
    return bound && { tenantId: key.tenantId, id: key.id, paths: bound.paths, expiresMs: bound.expiresMs, ...(bound.limits ? { limits: bound.limits } : {}) };
  }
}
