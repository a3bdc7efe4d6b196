import type { Config } from '../../config.js';
import type { Data, Queries } from '../../data/index.js';
import type { UserRow } from '../../data/users.js';
import { HOST_TENANT_ID, demand, isHost, type Caller } from '../../domain/caller.js';
import { demandCredentialFor, demandHeldPermissions } from '../../domain/credential-rules.js';
import { AppError } from '../../domain/errors.js';
import { isPermission } from '../../domain/permissions.js';
import type { OneTimeTokens } from '../security/one-time-tokens.js';
import type { RequestOrigin } from '../../domain/request-origin.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Authentication, SessionOrigin, TokenPair } from './authentication.js';
import { Id } from '../contract-fields.js';
import { Type, type Static } from 'typebox';

/** Bounds of `GetAutoLoginLink`'s `lifeTimeMinutes` (one minute to one day) and its default. */
export const AUTO_LOGIN_MINUTES = { min: 1, max: 1440, default: 10 } as const;

export interface LoginLink {
  loginLink: string;
  expiresAt: Date;
}

export interface AutoLoginSession {
  tokens: TokenPair;
  user: UserRow;
  /** The user's tenant; null for a host user. */
  tenancyName: string | null;
}

/** `Platform/User/GetAutoLoginLink`'s input: whose account the link opens, and for how many minutes. */
export const LoginLinkInputSchema = Type.Object({ userId: Id(), lifeTimeMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })) });
export type LoginLinkInput = Static<typeof LoginLinkInputSchema>;

/**
 * Auto-login links: single-use, expiring links that sign a user in without a password (ASP.NET Zero's
 * impersonation token with a configurable lifetime). Issued to a new tenant's admin at registration and, on
 * request, by operators and tenant admins; redeemed at `/account/auto-login`. Every issue and redemption is audited.
 */
export class AutoLogin {
  constructor(
    private readonly data: Data,
    private readonly config: Config,
    private readonly tokens: OneTimeTokens,
    private readonly auth: Authentication,
  ) {}

  /** Issues a link for `user` inside the caller's transaction, audited with who asked and why. */
  async issue(
    tx: Queries,
    user: Pick<UserRow, 'tenant_id' | 'id'>,
    options: { lifetimeMinutes: number; issuedBy: Caller | null; reason: string },
  ): Promise<LoginLink> {
    const { token, expiresAt } = await this.tokens.issue(tx, {
      tenantId: user.tenant_id,
      userId: user.id,
      purpose: 'auto_login',
      lifetimeSeconds: options.lifetimeMinutes * 60,
      issuedBy: options.issuedBy,
      // A link asked for through an API key opens no more than that key. A registration's link is the new
      // admin's own first way in, not a copy of the sign-up form's key.
      bounded: options.reason === 'requested',
    });
    await recordAudit(tx, options.issuedBy ?? 'system', {
      tenantId: user.tenant_id,
      action: 'login_link.issued',
      target: `user:${user.id}`,
      details: { reason: options.reason, expiresAt: expiresAt.toISOString() },
    });
    return { loginLink: `${this.config.publicUrl}/account/auto-login?token=${encodeURIComponent(token)}`, expiresAt };
  }

  /**
   * `Platform/User/GetAutoLoginLink`: a host operator may ask for any live user's link; a tenant admin only
   * for users of its own tenant (any other user is "not found", so existence does not leak). Nobody gets a link
   * into an account that holds permissions they do not hold, and a link asked for through an API key opens a
   * session bounded by that key (its paths, its end, no keys, passwords or linked accounts).
   */
  async linkFor(caller: Caller, input: LoginLinkInput): Promise<LoginLink> {
    demand(caller, 'Users.AutoLogin');
    demandCredentialFor(caller, 'issue_login_links');
    const minutes = input.lifeTimeMinutes ?? AUTO_LOGIN_MINUTES.default;
    if (!Number.isInteger(minutes) || minutes < AUTO_LOGIN_MINUTES.min || minutes > AUTO_LOGIN_MINUTES.max) {
      throw AppError.field('lifeTimeMinutes', `lifeTimeMinutes must be a whole number from ${AUTO_LOGIN_MINUTES.min} to ${AUTO_LOGIN_MINUTES.max}.`);
    }
    const user = isHost(caller) ? await this.data.userDirectory.findLiveById(input.userId) : await this.data.users.findById(caller.tenantId, input.userId);
    if (!user) throw AppError.notFound(`User ${input.userId}`);
    if (!user.is_active) throw AppError.conflict('This user is not active: a login link would not work.');
    if (user.tenant_id !== HOST_TENANT_ID && !(await this.data.tenants.isUsable(user.tenant_id))) {
      throw AppError.conflict("This user's tenant is suspended: a login link would not work.");
    }
    const held = (await this.data.users.listPermissions(user.tenant_id, user.id)).filter(isPermission);
    demandHeldPermissions(caller, held, "open this user's account", 'bounded');
    return this.data.transaction((tx) => this.issue(tx, user, { lifetimeMinutes: minutes, issuedBy: caller, reason: 'requested' }));
  }

  /** Uses a login link up and opens a session for its user; throws `unauthenticated` for any bad link. */
  async redeem(token: string, from: RequestOrigin): Promise<AutoLoginSession> {
    const redeemed = await this.tokens.redeem(token, 'auto_login');
    const opened: SessionOrigin = redeemed.viaApiKey ? { origin: 'api_key', apiKey: redeemed.viaApiKey } : { origin: 'delegated' };
    const tokens = await this.auth.startSession(redeemed.user, opened, from, {
      action: 'login_link.redeemed',
      details: { issuedByTenantId: redeemed.issuedByTenantId, issuedByUserId: redeemed.issuedByUserId },
    });
    const tenant = await this.data.tenants.findLive(redeemed.user.tenant_id);
    return { tokens, user: redeemed.user, tenancyName: tenant?.tenancy_name ?? null };
  }
}
