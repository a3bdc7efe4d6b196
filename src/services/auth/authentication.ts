import { CompactEncrypt } from 'jose';
import { createHash } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Data, Queries } from '../../data/index.js';
import type { UserRow } from '../../data/users.js';
import { HOST_TENANT_ID, type ApiKeyBound, type Caller, type CredentialOrigin } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import { type AccessTokens, looksLikeJwt } from '../security/access-tokens.js';
import { type CredentialGate, subject } from '../security/credential-gate.js';
import { decoyPasswordHash, verifyPassword } from '../security/passwords.js';
import { revocation } from '../security/revocation.js';
import { formatTenantToken, hashSecret, newId, parseTenantToken, randomSecret, secretMatches } from '../security/secrets.js';
import type { CallerProfiles } from './caller-profiles.js';

export interface SignInInput {
  userNameOrEmailAddress: string;
  password: string;
  /** Absent or empty: a host (platform operator) user. */
  tenancyName?: string | null | undefined;
}

/** Where a request came from, recorded with sessions and audit entries. */
export interface RequestContext {
  clientIp?: string | undefined;
  userAgent?: string | undefined;
}

export interface TokenPair {
  accessToken: string;
  encryptedAccessToken: string;
  expireInSeconds: number;
  refreshToken: string;
  refreshTokenExpireInSeconds: number;
  userId: number;
  tenantId: number | null;
  shouldResetPassword: boolean;
  sessionId: string;
}

/** API keys as authentication needs them: a presented key, and what a still-live key bounds. */
export interface ApiKeyAuthority {
  verify(credential: string): Promise<Caller | undefined>;
  bound(tenantId: number, id: number): Promise<{ paths: readonly string[]; expiresMs: number; limits?: ApiKeyBound['limits'] } | undefined>;
}

/** How a new session was opened; a session opened through an API key names the key and ends with it. */
export interface SessionOrigin {
  origin: CredentialOrigin;
  apiKey?: { tenantId: number; id: number } | null | undefined;
}

/** The session a user opens by signing in with their own password. */
export const PASSWORD_SESSION: SessionOrigin = { origin: 'password' };

/** Sign-in, token refresh and turning a presented credential into a Caller. */
export class Authentication {
  private readonly encryptionKey: Uint8Array;

  constructor(
    private readonly data: Data,
    private readonly config: Config,
    private readonly tokens: AccessTokens,
    private readonly gate: CredentialGate,
    private readonly profiles: CallerProfiles,
    tokenSecret: string,
    /** API keys: bearer credentials that are not access tokens, and the bounds of sessions opened through one. */
    private readonly apiKeys: ApiKeyAuthority,
  ) {
    this.encryptionKey = createHash('sha256').update(`encrypted-access-token:${tokenSecret}`).digest();
  }

  /**
   * Checks a user's credentials with ASP.NET Zero's failure reasons. Never reveals whether a user exists:
   * an unknown user, a locked-out user and a wrong password give the same answer after the same work. The
   * attempt is claimed before the password is checked (see `claimSignInAttempt`), so a burst of parallel
   * guesses evaluates at most the lockout limit.
   */
  async verifyCredentials(input: SignInInput): Promise<UserRow> {
    const tenancyName = input.tenancyName?.trim();
    let tenantId = HOST_TENANT_ID;
    if (tenancyName) {
      const tenant = await this.data.tenants.findByTenancyName(tenancyName);
      if (!tenant || tenant.deleted_at) throw AppError.unauthenticated(`There is no tenant with the tenancy name "${tenancyName}".`);
      if (!tenant.is_active) throw AppError.unauthenticated(`The tenant "${tenancyName}" is not active.`);
      tenantId = tenant.id;
    }
    const invalid = () => AppError.unauthenticated('Invalid user name or password.');
    const user = await this.data.users.findByUserNameOrEmail(tenantId, input.userNameOrEmailAddress.trim());
    const { maxFailures, seconds } = this.config.lockout;
    if (!user || !(await this.data.users.claimSignInAttempt(tenantId, user.id, maxFailures, seconds))) {
      await verifyPassword(await decoyPasswordHash(), input.password);
      throw invalid();
    }
    if (!(await verifyPassword(user.password_hash, input.password))) throw invalid();
    await this.data.users.recordSuccessfulSignIn(tenantId, user.id);
    if (!user.is_active) throw AppError.unauthenticated('The user is not active.');
    return user;
  }

  /** `TokenAuth/Authenticate`: a new session and its token pair. */
  async signIn(input: SignInInput, context: RequestContext = {}): Promise<TokenPair> {
    const user = await this.verifyCredentials(input);
    return this.startSession(user, PASSWORD_SESSION, context);
  }

  /**
   * Opens a token session for a user who has proved who they are (sign-in, login link, account switch). A
   * session opened through an API key lives no longer than the key and carries its bounds.
   */
  async startSession(user: UserRow, opened: SessionOrigin, context: RequestContext = {}): Promise<TokenPair> {
    const sessionId = newId();
    const refresh = { tenantId: user.tenant_id, id: newId(), secret: randomSecret() };
    const now = Date.now();
    let expiresMs = now + this.config.refreshTokenSeconds * 1000;
    if (opened.apiKey) {
      const bound = await this.apiKeyBound(opened.apiKey);
      if (!bound) throw AppError.unauthenticated('The API key this link was obtained through has ended.');
      expiresMs = Math.min(expiresMs, bound.expiresMs);
    }
    const expiresAt = new Date(expiresMs);
    await this.data.transaction(async (tx) => {
      await tx.sessions.insert({
        tenantId: user.tenant_id,
        id: sessionId,
        userId: user.id,
        kind: 'token',
        expiresAt,
        origin: opened.origin,
        apiKey: opened.apiKey ?? null,
        clientIp: context.clientIp ?? null,
        userAgent: context.userAgent?.slice(0, 512) ?? null,
      });
      await this.storeRefreshToken(tx, refresh, sessionId, expiresAt);
    });
    return this.tokenPair(user, { id: sessionId, expiresAt, ...opened }, formatTenantToken(refresh));
  }

  /** Opens a server-side session for the REST surface; answers its id (the cookie value). */
  async startRestSession(user: UserRow, context: RequestContext = {}, lifetimeSeconds = 86_400): Promise<string> {
    const id = newId();
    const secret = randomSecret();
    await this.data.sessions.insert({
      tenantId: user.tenant_id,
      id,
      userId: user.id,
      kind: 'rest',
      secretHash: hashSecret(secret),
      expiresAt: new Date(Date.now() + lifetimeSeconds * 1000),
      clientIp: context.clientIp ?? null,
      userAgent: context.userAgent?.slice(0, 512) ?? null,
    });
    return formatTenantToken({ tenantId: user.tenant_id, id, secret });
  }

  /** `TokenAuth/RefreshToken`: single use; presenting a used token ends its whole session (family). */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const rejected = () => AppError.unauthenticated('The refresh token is invalid or expired.');
    const parsed = parseTenantToken(refreshToken.trim());
    if (!parsed) throw rejected();
    const row = await this.data.sessions.findRefreshToken(parsed.tenantId, parsed.id);
    if (!row || !secretMatches(parsed.secret, row.token_hash)) throw rejected();
    if (row.used_at) {
      await this.data.transaction((tx) => revocation.session(tx, parsed.tenantId, row.session_id));
      await this.gate.sync();
      throw rejected();
    }
    if (row.expires_at.getTime() <= Date.now()) throw rejected();
    const session = await this.data.sessions.find(parsed.tenantId, row.session_id);
    if (!session || session.revoked_at || session.expires_at.getTime() <= Date.now()) throw rejected();
    const user = await this.data.users.findById(parsed.tenantId, session.user_id);
    if (!user || !user.is_active || !(await this.tenantUsable(parsed.tenantId))) throw rejected();
    const apiKey = session.api_key_id === null ? null : { tenantId: session.api_key_tenant_id!, id: session.api_key_id };
    if (apiKey && !(await this.apiKeyBound(apiKey))) throw rejected();

    const next = { tenantId: parsed.tenantId, id: newId(), secret: randomSecret() };
    const consumed = await this.data.transaction(async (tx) => {
      if (!(await tx.sessions.consumeRefreshToken(parsed.tenantId, parsed.id))) return false;
      await this.storeRefreshToken(tx, next, session.id, session.expires_at);
      return true;
    });
    // Lost a race with another use of the same token: that is a replay too.
    if (!consumed) {
      await this.data.transaction((tx) => revocation.session(tx, parsed.tenantId, row.session_id));
      await this.gate.sync();
      throw rejected();
    }
    return this.tokenPair(user, { id: session.id, expiresAt: session.expires_at, origin: session.origin, apiKey }, formatTenantToken(next));
  }

  /** Ends a session (sign-out); its access tokens stop working at once. */
  async endSession(tenantId: number, sessionId: string): Promise<void> {
    await this.data.transaction((tx) => revocation.session(tx, tenantId, sessionId));
    await this.gate.sync();
  }

  /** The caller behind `Authorization: Bearer <credential>`; throws `unauthenticated` when it is not valid. */
  async callerFromBearer(credential: string): Promise<Caller> {
    if (looksLikeJwt(credential)) {
      const claims = await this.tokens.verify(credential);
      if (!claims) throw AppError.unauthenticated('The access token is invalid or expired.');
      const subjects = [subject.tenant(claims.tenantId), subject.user(claims.userId), subject.session(claims.sessionId)];
      if (!this.gate.allows(subjects, claims.issuedAtMs)) throw AppError.unauthenticated('The access token has been revoked.');
      const profile = await this.profiles.get(claims.tenantId, claims.userId);
      if (!profile) throw AppError.unauthenticated('The access token has been revoked.');
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
      };
    }
    const caller = await this.apiKeys.verify(credential);
    if (!caller) throw AppError.unauthenticated('The credential is invalid, expired or revoked.');
    return caller;
  }

  /** The caller behind a REST session id (the JSESSIONID cookie); throws `unauthenticated` when not valid. */
  async callerFromRestSession(sessionToken: string): Promise<Caller> {
    const rejected = () => AppError.unauthenticated('The session is invalid or has expired.');
    const parsed = parseTenantToken(sessionToken.trim());
    if (!parsed) throw rejected();
    const cached = this.restSessions.get(sessionToken);
    let session = cached && cached.expires > Date.now() ? cached.session : undefined;
    if (!session) {
      const row = await this.data.sessions.find(parsed.tenantId, parsed.id);
      if (!row || row.kind !== 'rest' || !row.secret_hash || !secretMatches(parsed.secret, row.secret_hash)) throw rejected();
      if (row.revoked_at || row.expires_at.getTime() <= Date.now()) throw rejected();
      session = { userId: row.user_id, tenantId: row.tenant_id, id: row.id, origin: row.origin, createdMs: row.created_at.getTime(), expiresMs: row.expires_at.getTime() };
      if (this.restSessions.size > 50_000) this.restSessions.clear();
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
    };
  }

  private readonly restSessions = new Map<
    string,
    { session: { userId: number; tenantId: number; id: string; origin: CredentialOrigin; createdMs: number; expiresMs: number }; expires: number }
  >();

  /** The bound of a still-live API key, with its paths; undefined once the key has ended. */
  private async apiKeyBound(key: { tenantId: number; id: number }): Promise<(ApiKeyBound & { expiresMs: number }) | undefined> {
    const bound = await this.apiKeys.bound(key.tenantId, key.id);
    return bound && { tenantId: key.tenantId, id: key.id, paths: bound.paths, expiresMs: bound.expiresMs, ...(bound.limits ? { limits: bound.limits } : {}) };
  }

  private async tenantUsable(tenantId: number): Promise<boolean> {
    return tenantId === HOST_TENANT_ID || this.data.tenants.isUsable(tenantId);
  }

  /** A refresh token lives as long as its session, never longer (a session bounded by a key ends with it). */
  private async storeRefreshToken(tx: Queries, token: { tenantId: number; id: string; secret: string }, sessionId: string, expiresAt: Date) {
    await tx.sessions.insertRefreshToken({
      tenantId: token.tenantId,
      id: token.id,
      sessionId,
      tokenHash: hashSecret(token.secret),
      expiresAt,
    });
  }

  private async tokenPair(user: UserRow, session: SessionOrigin & { id: string; expiresAt: Date }, refreshToken: string): Promise<TokenPair> {
    const sessionId = session.id;
    const claims = { userId: user.id, tenantId: user.tenant_id, sessionId, origin: session.origin, apiKey: session.apiKey ?? undefined };
    const { token } = await this.tokens.issue(claims, Date.now(), session.expiresAt.getTime());
    // ABP hands out the access token encrypted as well, for transports that put it in a URL.
    const encryptedAccessToken = await new CompactEncrypt(new TextEncoder().encode(token))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .encrypt(this.encryptionKey);
    return {
      accessToken: token,
      encryptedAccessToken,
      expireInSeconds: Math.min(this.tokens.expiresInSeconds, Math.max(0, Math.round((session.expiresAt.getTime() - Date.now()) / 1000))),
      refreshToken,
      refreshTokenExpireInSeconds: Math.max(0, Math.round((session.expiresAt.getTime() - Date.now()) / 1000)),
      userId: user.id,
      tenantId: user.tenant_id === HOST_TENANT_ID ? null : user.tenant_id,
      shouldResetPassword: user.must_change_password,
      sessionId,
    };
  }
}
