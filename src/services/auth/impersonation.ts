import { Type, type Static } from 'typebox';
import type { Data, Queries } from '../../data/index.js';
import { demand, HOST_TENANT_ID, isHost, type Caller } from '../../domain/caller.js';
import { demandCredentialFor, demandHeldPermissions, IMPERSONATION_PERMISSION } from '../../domain/credential-rules.js';
import { AppError } from '../../domain/errors.js';
import { isPermission } from '../../domain/permissions.js';
import type { RequestOrigin } from '../../domain/request-origin.js';
import { recordAudit, type AuditRecord } from '../audit/record-audit.js';
import type { CredentialGate } from '../security/credential-gate.js';
import type { OneTimeTokens, RedeemedToken } from '../security/one-time-tokens.js';
import { revocation } from '../security/revocation.js';
import type { Authentication, TokenPair } from './authentication.js';
import { Id, TenantId } from '../contract-fields.js';

/** ASP.NET Zero's `ImpersonateOutput`: redeem the token at `TokenAuth/ImpersonatedAuthenticate`; null tenancy: the host. */
export const ImpersonateOutputSchema = Type.Object({
  impersonationToken: Type.String(),
  tenancyName: Type.Union([Type.String(), Type.Null()]),
});
export type ImpersonateOutput = Static<typeof ImpersonateOutputSchema>;

/** How long an impersonation token (and the token back) lives, as in ASP.NET Zero. */
export const IMPERSONATION_TOKEN_SECONDS = 60;

/** `Platform/Account/Impersonate`'s input; `tenantId` null or absent: a host user. */
export const ImpersonateInputSchema = Type.Object({
  userId: Id(),
  tenantId: Type.Optional(Type.Union([TenantId(), Type.Null()])),
});
export type ImpersonateInput = Static<typeof ImpersonateInputSchema>;

/**
 * Impersonation, ASP.NET Zero's way: a user holding `Users.Impersonation` signs in as another user through a
 * single-use, one-minute token, and returns with `BackToImpersonator`. The rules:
 * - no cascading: an impersonated session impersonates nobody (nor may an API key, or a session someone else
 *   opened for the user: `demandCredentialFor(…, 'impersonate')`);
 * - a tenant user impersonates users of its own tenant only, never the host; a host user any user;
 * - nobody impersonates themselves, an inactive or deleted user, or a user of a suspended or deleted tenant;
 * - nobody impersonates a user holding a permission they do not hold (the credential model: no caller gets
 *   more than it has).
 * The impersonated session names its impersonator (every audit entry in it names both), cannot manage keys,
 * passwords, two-factor sign-in, login links or linked accounts (`credential-rules.ts`), and ends with the
 * impersonator's own session: signing out, deactivating the impersonator or suspending its tenant ends it too.
 */
export class Impersonation {
  constructor(
    private readonly data: Data,
    private readonly gate: CredentialGate,
    private readonly tokens: OneTimeTokens,
    private readonly auth: Authentication,
  ) {}

  /** `Platform/Account/Impersonate`: a token that signs the caller in as the user; `tenantId` null or absent: the host. */
  async impersonate(caller: Caller, input: ImpersonateInput): Promise<ImpersonateOutput> {
    demand(caller, IMPERSONATION_PERMISSION);
    demandCredentialFor(caller, 'impersonate');
    const tenantId = input.tenantId ?? HOST_TENANT_ID;
    if (!isHost(caller) && tenantId !== caller.tenantId) {
      throw AppError.forbidden('A tenant user can impersonate only users of its own tenant, never the host or another tenant.');
    }
    if (tenantId === caller.tenantId && input.userId === caller.userId) throw AppError.field('userId', 'You cannot impersonate yourself.');
    if (caller.credential !== 'access_token' || !caller.sessionId) throw AppError.forbidden('Only a signed-in session (an access token) can impersonate.');
    const tenant = tenantId === HOST_TENANT_ID ? undefined : await this.data.tenants.findLive(tenantId);
    if (tenantId !== HOST_TENANT_ID && !tenant) throw AppError.notFound(`Tenant ${tenantId}`);
    if (tenant && !tenant.is_active) throw AppError.conflict(`The tenant "${tenant.tenancy_name}" is suspended: its users cannot be impersonated.`);
    const user = await this.data.users.findById(tenantId, input.userId);
    if (!user) throw AppError.notFound(`User ${input.userId}`);
    if (!user.is_active) throw AppError.conflict('This user is not active and cannot be impersonated.');
    const held = (await this.data.users.listPermissions(tenantId, user.id)).filter(isPermission);
    demandHeldPermissions(caller, held, 'impersonate this user', 'bounded');
    const sessionId = caller.sessionId;
    const issued = await this.data.transaction(async (tx) => {
      const token = await this.tokens.issue(tx, {
        tenantId,
        userId: user.id,
        purpose: 'impersonation',
        lifetimeSeconds: IMPERSONATION_TOKEN_SECONDS,
        issuedBy: caller,
        impersonatorSessionId: sessionId,
      });
      await auditInBoth(tx, caller, { tenantId, userId: user.id }, { action: 'impersonation.requested', details: { expiresAt: token.expiresAt.toISOString() } });
      return token;
    });
    return { impersonationToken: issued.token, tenancyName: tenant?.tenancy_name ?? null };
  }

  /**
   * `Platform/Account/BackToImpersonator`: ends this impersonated session at once and answers a token that
   * returns the impersonator to its own session (redeemed at `TokenAuth/ImpersonatedAuthenticate` too).
   */
  async backToImpersonator(caller: Caller): Promise<ImpersonateOutput> {
    const impersonator = caller.impersonator;
    if (!impersonator || !caller.sessionId) throw AppError.validation([], 'This session is not an impersonation: there is nobody to go back to.');
    const sessionId = caller.sessionId;
    const tenant = impersonator.tenantId === HOST_TENANT_ID ? undefined : await this.data.tenants.findLive(impersonator.tenantId);
    const issued = await this.data.transaction(async (tx) => {
      const token = await this.tokens.issue(tx, {
        tenantId: impersonator.tenantId,
        userId: impersonator.userId,
        purpose: 'back_to_impersonator',
        lifetimeSeconds: IMPERSONATION_TOKEN_SECONDS,
        issuedBy: caller,
        impersonatorSessionId: impersonator.sessionId,
      });
      await revocation.session(tx, caller.tenantId, sessionId);
      await auditInBoth(tx, caller, { tenantId: caller.tenantId, userId: caller.userId }, { action: 'impersonation.ended', details: { sessionId } });
      return token;
    });
    await this.gate.sync();
    return { impersonationToken: issued.token, tenancyName: tenant?.tenancy_name ?? null };
  }

  /**
   * `TokenAuth/ImpersonatedAuthenticate`: redeems an impersonation token for an impersonated session of the user,
   * or a token back for a new token pair of the impersonator's own session. The impersonator must still be able
   * to act and its session be live; anything else is a 401, the same each time.
   */
  async authenticate(impersonationToken: string, from: RequestOrigin): Promise<TokenPair> {
    const redeemed = await this.tokens.redeem(impersonationToken, ['impersonation', 'back_to_impersonator']);
    return redeemed.purpose === 'back_to_impersonator' ? this.returnToImpersonator(redeemed, from) : this.startImpersonation(redeemed, from);
  }

  private async startImpersonation(redeemed: RedeemedToken, from: RequestOrigin): Promise<TokenPair> {
    const { issuedByTenantId: tenantId, issuedByUserId: userId, impersonatorSessionId: sessionId } = redeemed;
    if (tenantId === null || userId === null || sessionId === null) throw rejected();
    // Within the token's minute the impersonator may have signed out, been deactivated or lost the permission.
    const [session, impersonator, permissions] = await Promise.all([
      this.auth.liveSession(tenantId, sessionId),
      this.data.users.findById(tenantId, userId),
      this.data.users.listPermissions(tenantId, userId),
    ]);
    const tenantUsable = tenantId === HOST_TENANT_ID || (await this.data.tenants.isUsable(tenantId));
    const mayImpersonate = permissions.includes(IMPERSONATION_PERMISSION);
    if (!session || session.user_id !== userId || !impersonator?.is_active || !tenantUsable || !mayImpersonate) throw rejected();
    return this.auth.startSession(
      redeemed.user,
      { origin: 'impersonated', impersonator: { tenantId, userId, sessionId, sessionExpiresAt: session.expires_at } },
      from,
      { action: 'impersonation.started', actor: { tenantId, userId, userName: impersonator.user_name }, details: { impersonatorSessionId: sessionId } },
    );
  }

  private async returnToImpersonator(redeemed: RedeemedToken, from: RequestOrigin): Promise<TokenPair> {
    if (redeemed.impersonatorSessionId === null) throw rejected();
    const resumed = await this.auth.resumeSession(redeemed.tenantId, redeemed.impersonatorSessionId);
    if (!resumed || resumed.user.id !== redeemed.user.id) throw rejected();
    await recordAudit(this.data, from, {
      tenantId: redeemed.tenantId,
      action: 'impersonation.returned',
      target: `user:${redeemed.user.id}`,
      actor: { tenantId: redeemed.tenantId, userId: redeemed.user.id, userName: redeemed.user.user_name },
      details: { sessionId: redeemed.impersonatorSessionId, impersonatedTenantId: redeemed.issuedByTenantId, impersonatedUserId: redeemed.issuedByUserId },
    });
    return resumed.tokens;
  }
}

function rejected(): AppError {
  return AppError.unauthenticated('This link is invalid, has expired or has already been used.');
}

/** Records the entry in the impersonated user's tenant and, when it differs, in the impersonator's. */
async function auditInBoth(tx: Queries, caller: Caller, user: { tenantId: number; userId: number }, entry: Pick<AuditRecord, 'action' | 'details'>): Promise<void> {
  const impersonatorTenantId = caller.impersonator?.tenantId ?? caller.tenantId;
  const record = { ...entry, target: `user:${user.userId}`, details: { ...entry.details, tenantId: user.tenantId, userId: user.userId } };
  await recordAudit(tx, caller, { ...record, tenantId: user.tenantId });
  if (impersonatorTenantId !== user.tenantId) await recordAudit(tx, caller, { ...record, tenantId: impersonatorTenantId });
}
