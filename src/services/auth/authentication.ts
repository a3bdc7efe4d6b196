import type { Config } from '../../config.js';
import type { Data, Queries } from '../../data/index.js';
import type { AuditEntry } from '../../data/audit-log.js';
import type { NewRefreshToken, SessionRow } from '../../data/sessions.js';
import type { UserRow } from '../../data/users.js';
import { HOST_TENANT_ID, type Caller, type CredentialOrigin } from '../../domain/caller.js';
import { IMPERSONATION_PERMISSION } from '../../domain/credential-rules.js';
import { AppError } from '../../domain/errors.js';
import { NO_ORIGIN, type RequestOrigin } from '../../domain/request-origin.js';
import { auditEntry, recordAudit, type AuditRecord } from '../audit/record-audit.js';
import type { AccessTokens, ImpersonatorClaim } from '../security/access-tokens.js';
import { type CredentialGate, subject } from '../security/credential-gate.js';
import { revocation } from '../security/revocation.js';
import { formatTenantToken, hashSecret, newId, parseTenantToken, randomSecret, secretMatches } from '../security/secrets.js';
import type { CallerProfiles } from './caller-profiles.js';
import { CredentialCallers, type ApiKeyAuthority } from './credential-callers.js';
import type { AccountPolicies } from '../settings/account-policies.js';
import { NO_METRICS, type ServiceMetrics } from '../metrics/service-metrics.js';
import type { AuthenticateResult, TokenPair } from './token-contracts.js';
import { TokenPairs } from './token-pair.js';
import { SECOND_FACTOR_DETAILS, type SecondFactorInput, type TwoFactor } from '../two-factor/two-factor.js';
import { signedIn, twoFactorRequired } from './authenticate-result.js';
import { checkSignIn, type SignInInput, type SignInOutcome } from './sign-in-check.js';

export type { TokenPair } from './token-contracts.js';

/** How a new session was opened; a session opened through an API key names the key and ends with it. */
export interface SessionOrigin {
  origin: CredentialOrigin;
  apiKey?: { tenantId: number; id: number } | null | undefined;
  /** An impersonated session's impersonator: it ends no later than the impersonator's own session. */
  impersonator?: (ImpersonatorClaim & { sessionExpiresAt: Date }) | null | undefined;
}

/** What opening a session records in the audit log (the session and the origin are added; the actor defaults to the user). */
export type SessionEvent = Pick<AuditRecord, 'action' | 'details' | 'actor'>;

function sessionEventEntry(user: UserRow, sessionId: string, from: RequestOrigin, event: SessionEvent): AuditEntry {
  return auditEntry(from, {
    ...event,
    tenantId: user.tenant_id,
    target: `user:${user.id}`,
    actor: event.actor ?? { tenantId: user.tenant_id, userId: user.id, userName: user.user_name },
    details: { ...event.details, sessionId },
  });
}

/** The session a user opens by signing in with their own password. */
export const PASSWORD_SESSION: SessionOrigin = { origin: 'password' };

/** Sign-in, sessions and token refresh (turning a presented credential into a Caller is in CredentialCallers). */
export class Authentication {
  private readonly pairs: TokenPairs;
  private readonly callers: CredentialCallers;

  constructor(
    private readonly data: Data,
    private readonly config: Config,
    private readonly tokens: AccessTokens,
    private readonly gate: CredentialGate,
    private readonly profiles: CallerProfiles,
    tokenSecret: string,
    /** API keys: bearer credentials that are not access tokens, and the bounds of sessions opened through one. */
    private readonly apiKeys: ApiKeyAuthority,
    /** Each tenant's lockout and e-mail confirmation rules for sign-in. */
    private readonly policies: AccountPolicies,
    /** The second factor of users who enrolled an authenticator app. */
    private readonly twoFactor: TwoFactor,
    /** Counts refused sign-ins and lockouts. */
    private readonly metrics: ServiceMetrics = NO_METRICS,
  ) {
    this.pairs = new TokenPairs(tokens, tokenSecret);
    this.callers = new CredentialCallers(data, tokens, gate, profiles, apiKeys);
  }

  /**
   * Checks a user's credentials, both factors (see `checkSignIn`): the user, or `unauthenticated` — a missing
   * second factor too, for the sign-ins that cannot answer ABP's "requires two-factor verification" (REST login,
   * linking an account). Every refusal is audited.
   */
  async verifyCredentials(input: SignInInput & SecondFactorInput, from: RequestOrigin): Promise<UserRow> {
    const outcome = await this.checkBothFactors(input, from);
    if (outcome.secondFactor === 'required') {
      throw new AppError('unauthenticated', 'This account signs in with two factors: give the code of its authenticator app (twoFactorVerificationCode) or a recovery code.', {
        details: SECOND_FACTOR_DETAILS,
      });
    }
    return outcome.user;
  }

  /**
   * `TokenAuth/Authenticate`: a new session and its token pair — or, when the user signs in with two factors
   * and gave no code (nor a remembered browser's token), ABP's answer asking for one, with no token at all.
   * `rememberClient` with a code answers a `twoFactorRememberClientToken` for later sign-ins.
   */
  async signIn(input: SignInInput & SecondFactorInput & { rememberClient?: boolean | undefined }, from: RequestOrigin): Promise<AuthenticateResult> {
    const { user, secondFactor } = await this.checkBothFactors(input, from);
    if (secondFactor === 'required') return twoFactorRequired(user);
    const usedCode = Boolean(input.twoFactorVerificationCode?.trim()) && (await this.twoFactor.isEnabled(user));
    const pair = await this.startSession(user, PASSWORD_SESSION, from, { action: 'sign_in.succeeded', details: { dialect: 'rpc', ...(usedCode ? { twoFactor: true } : {}) } });
    const rememberToken = usedCode && input.rememberClient ? await this.twoFactor.rememberedClients.remember(user) : null;
    return signedIn(pair, rememberToken);
  }

  private checkBothFactors(input: SignInInput & SecondFactorInput, from: RequestOrigin): Promise<SignInOutcome> {
    return checkSignIn(this.data, this.policies, this.metrics, input, from, (user) => this.twoFactor.verdict(user, input, from));
  }

  /**
   * Opens a token session for a user who has proved who they are (sign-in, login link, account switch). A
   * session opened through an API key lives no longer than the key and carries its bounds. `audited`, when
   * given, is recorded in the session's own transaction (a sign-in; other openings record their own event).
   */
  async startSession(user: UserRow, opened: SessionOrigin, from: RequestOrigin, audited?: SessionEvent): Promise<TokenPair> {
    const sessionId = newId();
    const refresh = { tenantId: user.tenant_id, id: newId(), secret: randomSecret() };
    const now = Date.now();
    let expiresMs = now + this.config.refreshTokenSeconds * 1000;
    if (opened.apiKey) {
      const bound = await this.apiKeyBound(opened.apiKey);
      if (!bound) throw AppError.unauthenticated('The API key this link was obtained through has ended.');
      expiresMs = Math.min(expiresMs, bound.expiresMs);
    }
    if (opened.impersonator) expiresMs = Math.min(expiresMs, opened.impersonator.sessionExpiresAt.getTime());
    const impersonator = opened.impersonator
      ? { tenantId: opened.impersonator.tenantId, userId: opened.impersonator.userId, sessionId: opened.impersonator.sessionId }
      : null;
    const expiresAt = new Date(expiresMs);
    const session = {
      tenantId: user.tenant_id,
      id: sessionId,
      userId: user.id,
      kind: 'token' as const,
      expiresAt,
      origin: opened.origin,
      apiKey: opened.apiKey ?? null,
      impersonator,
      clientIp: from.clientIp,
      userAgent: from.userAgent,
    };
    const audit = audited ? sessionEventEntry(user, sessionId, from, audited) : undefined;
    const refreshToken = refreshTokenRecord(refresh, sessionId, expiresAt);
    await this.data.singleStatement((q) => q.sessions.open(session, { refreshToken, audit }));
    return this.pairs.issue(user, { id: sessionId, expiresAt, origin: opened.origin, apiKey: opened.apiKey, impersonator }, formatTenantToken(refresh));
  }

  /**
   * A new token pair for a session that is still live (`BackToImpersonator`: the impersonator returns to the
   * session it signed in with, with that session's own origin and end); `undefined` when the session has ended.
   */
  async resumeSession(tenantId: number, sessionId: string): Promise<{ user: UserRow; tokens: TokenPair } | undefined> {
    const session = await this.liveSession(tenantId, sessionId);
    if (!session || session.kind !== 'token') return undefined;
    const user = await this.data.users.findById(tenantId, session.user_id);
    if (!user?.is_active || !(await this.tenantUsable(tenantId))) return undefined;
    const apiKey = session.api_key_id === null ? null : { tenantId: session.api_key_tenant_id!, id: session.api_key_id };
    if (apiKey && !(await this.apiKeyBound(apiKey))) return undefined;
    const refresh = { tenantId, id: newId(), secret: randomSecret() };
    await this.storeRefreshToken(this.data, refresh, session.id, session.expires_at);
    const impersonator = impersonatorOf(session);
    const tokens = await this.pairs.issue(user, { id: session.id, expiresAt: session.expires_at, origin: session.origin, apiKey, impersonator }, formatTenantToken(refresh));
    return { user, tokens };
  }

  /** A session that has not ended (revoked, expired, or refused by the gate); undefined otherwise. */
  async liveSession(tenantId: number, sessionId: string): Promise<SessionRow | undefined> {
    const session = await this.data.sessions.find(tenantId, sessionId);
    if (!session || session.revoked_at || session.expires_at.getTime() <= Date.now()) return undefined;
    await this.gate.settled();
    const subjects = [subject.tenant(tenantId), subject.user(session.user_id), subject.session(session.id)];
    return this.gate.allows(subjects, new Date(session.created_at).getTime()) ? session : undefined;
  }

  /** Opens a server-side session for the REST surface; answers its id (the cookie value). */
  async startRestSession(user: UserRow, from: RequestOrigin, audited?: SessionEvent, lifetimeSeconds = 86_400): Promise<string> {
    const id = newId();
    const secret = randomSecret();
    const session = {
      tenantId: user.tenant_id,
      id,
      userId: user.id,
      kind: 'rest' as const,
      secretHash: hashSecret(secret),
      expiresAt: new Date(Date.now() + lifetimeSeconds * 1000),
      clientIp: from.clientIp,
      userAgent: from.userAgent,
    };
    const audit = audited ? sessionEventEntry(user, id, from, audited) : undefined;
    await this.data.singleStatement((q) => q.sessions.open(session, { audit }));
    return formatTenantToken({ tenantId: user.tenant_id, id, secret });
  }

  /** `TokenAuth/RefreshToken`: single use; presenting a used token ends its whole session (family). */
  async refresh(refreshToken: string, from: RequestOrigin = NO_ORIGIN): Promise<TokenPair> {
    const rejected = () => AppError.unauthenticated('The refresh token is invalid or expired.');
    const parsed = parseTenantToken(refreshToken.trim());
    if (!parsed) throw rejected();
    const row = await this.data.sessions.findRefreshToken(parsed.tenantId, parsed.id);
    if (!row || !secretMatches(parsed.secret, row.token_hash)) throw rejected();
    if (row.used_at) {
      await this.endReplayedSession(parsed.tenantId, row.session_id, from);
      throw rejected();
    }
    if (row.expires_at.getTime() <= Date.now()) throw rejected();
    const session = await this.data.sessions.find(parsed.tenantId, row.session_id);
    if (!session || session.revoked_at || session.expires_at.getTime() <= Date.now()) throw rejected();
    const user = await this.data.users.findById(parsed.tenantId, session.user_id);
    if (!user || !user.is_active || !(await this.tenantUsable(parsed.tenantId))) throw rejected();
    const apiKey = session.api_key_id === null ? null : { tenantId: session.api_key_tenant_id!, id: session.api_key_id };
    if (apiKey && !(await this.apiKeyBound(apiKey))) throw rejected();
    const impersonator = impersonatorOf(session);
    if (impersonator && !(await this.impersonatorCanAct(impersonator))) throw rejected();

    const next = { tenantId: parsed.tenantId, id: newId(), secret: randomSecret() };
    const consumed = await this.data.transaction(async (tx) => {
      if (!(await tx.sessions.consumeRefreshToken(parsed.tenantId, parsed.id))) return false;
      await this.storeRefreshToken(tx, next, session.id, session.expires_at);
      return true;
    });
    // Lost a race with another use of the same token: that is a replay too.
    if (!consumed) {
      await this.endReplayedSession(parsed.tenantId, row.session_id, from);
      throw rejected();
    }
    return this.pairs.issue(user, { id: session.id, expiresAt: session.expires_at, origin: session.origin, apiKey, impersonator }, formatTenantToken(next));
  }

  /** Ends the caller's session (sign-out); its access tokens stop working at once. */
  async endSession(caller: Caller): Promise<void> {
    const sessionId = caller.sessionId;
    if (!sessionId) return;
    await this.data.transaction(async (tx) => {
      await revocation.session(tx, caller.tenantId, sessionId);
      await recordAudit(tx, caller, { tenantId: caller.tenantId, action: 'session.ended', target: `session:${sessionId}`, details: { reason: 'sign_out' } });
    });
    await this.gate.sync();
  }

  /** A replayed refresh token is a stolen one or a broken client: its whole session ends, and that is recorded. */
  private async endReplayedSession(tenantId: number, sessionId: string, from: RequestOrigin): Promise<void> {
    await this.data.transaction(async (tx) => {
      await revocation.session(tx, tenantId, sessionId);
      await recordAudit(tx, from, { tenantId, action: 'session.ended', target: `session:${sessionId}`, details: { reason: 'refresh_token_replayed' } });
    });
    await this.gate.sync();
  }

  /** The caller behind `Authorization: Bearer <credential>`; throws `unauthenticated` when it is not valid. */
  callerFromBearer(credential: string, from: RequestOrigin = NO_ORIGIN): Promise<Caller> {
    return this.callers.fromBearer(credential, from);
  }

  /** The caller behind a REST session id (the JSESSIONID cookie); throws `unauthenticated` when not valid. */
  callerFromRestSession(sessionToken: string, from: RequestOrigin = NO_ORIGIN): Promise<Caller> {
    return this.callers.fromRestSession(sessionToken, from);
  }

  private apiKeyBound(key: { tenantId: number; id: number }) {
    return this.callers.apiKeyBound(key);
  }

  /**
   * Whether an impersonated session's impersonator can still act: its own session live, the user active and still
   * holding the permission to impersonate, the tenant usable.
   */
  private async impersonatorCanAct(impersonator: ImpersonatorClaim): Promise<boolean> {
    const [session, user, tenantUsable, permissions] = await Promise.all([
      this.liveSession(impersonator.tenantId, impersonator.sessionId),
      this.data.users.findById(impersonator.tenantId, impersonator.userId),
      this.tenantUsable(impersonator.tenantId),
      this.data.users.listPermissions(impersonator.tenantId, impersonator.userId),
    ]);
    return Boolean(session && session.user_id === impersonator.userId && user?.is_active && tenantUsable && permissions.includes(IMPERSONATION_PERMISSION));
  }

  private async tenantUsable(tenantId: number): Promise<boolean> {
    return tenantId === HOST_TENANT_ID || this.data.tenants.isUsable(tenantId);
  }

  /** A refresh token lives as long as its session, never longer (a session bounded by a key ends with it). */
  private async storeRefreshToken(tx: Pick<Queries, 'sessions'>, token: { tenantId: number; id: string; secret: string }, sessionId: string, expiresAt: Date) {
    await tx.sessions.insertRefreshToken(refreshTokenRecord(token, sessionId, expiresAt));
  }
}

/** The stored form of a refresh token: its secret only as a hash. */
function refreshTokenRecord(token: { tenantId: number; id: string; secret: string }, sessionId: string, expiresAt: Date): NewRefreshToken {
  return { tenantId: token.tenantId, id: token.id, sessionId, tokenHash: hashSecret(token.secret), expiresAt };
}

/** The impersonator a session row names, if it is an impersonated session. */
function impersonatorOf(session: SessionRow): ImpersonatorClaim | null {
  if (session.impersonator_user_id === null || session.impersonator_tenant_id === null || session.impersonator_session_id === null) return null;
  return { tenantId: session.impersonator_tenant_id, userId: session.impersonator_user_id, sessionId: session.impersonator_session_id };
}
