import { CompactEncrypt } from 'jose';
import { createHash } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Data, Queries } from '../../data/index.js';
import type { UserRow } from '../../data/users.js';
import { HOST_TENANT_ID, type Caller } from '../../domain/caller.js';
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

/** Resolves a bearer credential that is not an access token (API keys plug in here). */
export type BearerVerifier = (credential: string) => Promise<Caller | undefined>;

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
    /** Resolves bearer credentials that are not access tokens (API keys). */
    private readonly bearerVerifier: BearerVerifier,
  ) {
    this.encryptionKey = createHash('sha256').update(`encrypted-access-token:${tokenSecret}`).digest();
  }

  /**
   * Checks a user's credentials with ASP.NET Zero's failure reasons. Never reveals whether a user exists:
   * an unknown user and a wrong password give the same answer after the same work.
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
    if (!user) {
      await verifyPassword(await decoyPasswordHash(), input.password);
      throw invalid();
    }
    if (user.lockout_end && user.lockout_end.getTime() > Date.now()) {
      throw new AppError('locked_out', 'The user account is locked out because of too many failed sign-in attempts. Try again later.');
    }
    if (!(await verifyPassword(user.password_hash, input.password))) {
      const state = await this.data.users.recordFailedSignIn(tenantId, user.id, this.config.lockout.maxFailures, this.config.lockout.seconds);
      if (state?.lockout_end && state.lockout_end.getTime() > Date.now()) {
        throw new AppError('locked_out', 'The user account is locked out because of too many failed sign-in attempts. Try again later.');
      }
      throw invalid();
    }
    if (!user.is_active) throw AppError.unauthenticated('The user is not active.');
    if (user.failed_attempts > 0 || user.lockout_end) await this.data.users.recordSuccessfulSignIn(tenantId, user.id);
    return user;
  }

  /** `TokenAuth/Authenticate`: a new session and its token pair. */
  async signIn(input: SignInInput, context: RequestContext = {}): Promise<TokenPair> {
    const user = await this.verifyCredentials(input);
    return this.startSession(user, context);
  }

  /** Opens a token session for a user who has proved who they are (sign-in, login link, account switch). */
  async startSession(user: UserRow, context: RequestContext = {}): Promise<TokenPair> {
    const sessionId = newId();
    const refresh = { tenantId: user.tenant_id, id: newId(), secret: randomSecret() };
    const now = Date.now();
    await this.data.transaction(async (tx) => {
      await tx.sessions.insert({
        tenantId: user.tenant_id,
        id: sessionId,
        userId: user.id,
        kind: 'token',
        expiresAt: new Date(now + this.config.refreshTokenSeconds * 1000),
        clientIp: context.clientIp ?? null,
        userAgent: context.userAgent?.slice(0, 512) ?? null,
      });
      await this.storeRefreshToken(tx, refresh, sessionId, now);
    });
    return this.tokenPair(user, sessionId, formatTenantToken(refresh));
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

    const next = { tenantId: parsed.tenantId, id: newId(), secret: randomSecret() };
    const consumed = await this.data.transaction(async (tx) => {
      if (!(await tx.sessions.consumeRefreshToken(parsed.tenantId, parsed.id))) return false;
      await this.storeRefreshToken(tx, next, session.id, Date.now());
      return true;
    });
    // Lost a race with another use of the same token: that is a replay too.
    if (!consumed) {
      await this.data.transaction((tx) => revocation.session(tx, parsed.tenantId, row.session_id));
      await this.gate.sync();
      throw rejected();
    }
    return this.tokenPair(user, session.id, formatTenantToken(next));
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
      return {
        userId: claims.userId,
        tenantId: claims.tenantId,
        userName: profile.userName,
        permissions: profile.permissions,
        credential: 'access_token',
        sessionId: claims.sessionId,
      };
    }
    const caller = await this.bearerVerifier(credential);
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
      session = { userId: row.user_id, tenantId: row.tenant_id, id: row.id, createdMs: row.created_at.getTime(), expiresMs: row.expires_at.getTime() };
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
      sessionId: session.id,
    };
  }

  private readonly restSessions = new Map<
    string,
    { session: { userId: number; tenantId: number; id: string; createdMs: number; expiresMs: number }; expires: number }
  >();

  private async tenantUsable(tenantId: number): Promise<boolean> {
    return tenantId === HOST_TENANT_ID || this.data.tenants.isUsable(tenantId);
  }

  private async storeRefreshToken(tx: Queries, token: { tenantId: number; id: string; secret: string }, sessionId: string, now: number) {
    await tx.sessions.insertRefreshToken({
      tenantId: token.tenantId,
      id: token.id,
      sessionId,
      tokenHash: hashSecret(token.secret),
      expiresAt: new Date(now + this.config.refreshTokenSeconds * 1000),
    });
  }

  private async tokenPair(user: UserRow, sessionId: string, refreshToken: string): Promise<TokenPair> {
    const { token } = await this.tokens.issue({ userId: user.id, tenantId: user.tenant_id, sessionId });
    // ABP hands out the access token encrypted as well, for transports that put it in a URL.
    const encryptedAccessToken = await new CompactEncrypt(new TextEncoder().encode(token))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .encrypt(this.encryptionKey);
    return {
      accessToken: token,
      encryptedAccessToken,
      expireInSeconds: this.tokens.expiresInSeconds,
      refreshToken,
      refreshTokenExpireInSeconds: this.config.refreshTokenSeconds,
      userId: user.id,
      tenantId: user.tenant_id === HOST_TENANT_ID ? null : user.tenant_id,
      shouldResetPassword: user.must_change_password,
      sessionId,
    };
  }
}
