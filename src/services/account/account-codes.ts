import type { Data } from '../../data/index.js';
import type { UserChanges, UserRow } from '../../data/users.js';
import { HOST_TENANT_ID } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import type { RequestOrigin } from '../../domain/request-origin.js';
import { recordAudit } from '../audit/record-audit.js';
import type { CredentialGate } from '../security/credential-gate.js';
import type { OneTimePurpose, OneTimeTokens, RedeemedToken } from '../security/one-time-tokens.js';
import { hashPassword } from '../security/passwords.js';
import { revocation } from '../security/revocation.js';
import type { AccountPolicies } from '../settings/account-policies.js';
import type { AcceptInvitationInput, ActivateEmailInput, ChosenPassword, CodeResetPasswordInput, ResetCodeInfo } from './account-code-contracts.js';

/** The field each code arrives in, and how a bad one is refused: the same words for unknown, used, expired or someone else's. */
const CODES: Record<'password_reset' | 'email_confirmation' | 'invitation', { field: string; what: string }> = {
  password_reset: { field: 'resetCode', what: 'This password reset code' },
  email_confirmation: { field: 'confirmationCode', what: 'This confirmation code' },
  invitation: { field: 'invitationCode', what: 'This invitation' },
};

/**
 * Redeeming the codes account e-mails carry (`ResetPassword`, `ActivateEmail`, accepting an invitation). A code is
 * checked first, the new password against the tenant's policy next — so a refused password does not use the code
 * up — and the code is used up in the change's own transaction, so of two racing redemptions one wins.
 */
export class AccountCodes {
  constructor(
    private readonly data: Data,
    private readonly gate: CredentialGate,
    private readonly tokens: OneTimeTokens,
    private readonly policies: AccountPolicies,
  ) {}

  /** `GetResetPasswordCodeInfo`: whose code this is and until when it works, without using it up. */
  async resetCodeInfo(userId: number, resetCode: string): Promise<ResetCodeInfo> {
    const { user, expiresAt } = await this.checked('password_reset', userId, resetCode);
    const tenant = user.tenant_id === HOST_TENANT_ID ? undefined : await this.data.tenants.findLive(user.tenant_id);
    return {
      userId: user.id,
      userName: user.user_name,
      tenantId: tenant?.id ?? null,
      tenancyName: tenant?.tenancy_name ?? null,
      expirationTime: expiresAt.toISOString(),
    };
  }

  /**
   * `ResetPassword`: sets the password chosen with a reset code. Every credential of the user ends (sessions,
   * refresh tokens, API keys, login links), as when an admin resets it; the mailed code proves the address, and
   * the lockout ends.
   */
  async resetPassword(input: CodeResetPasswordInput, from: RequestOrigin): Promise<ChosenPassword> {
    const token = await this.checked('password_reset', input.userId, input.resetCode);
    const user = await this.choosePassword(token, 'password_reset', input.password, from, 'user.password_reset', { failed_attempts: 0, lockout_end: null });
    return { canLogin: user.is_active, userName: user.user_name };
  }

  /** Accepting an invitation: the invited user chooses a password; the address is confirmed by the mail that arrived. */
  async acceptInvitation(input: AcceptInvitationInput, from: RequestOrigin): Promise<ChosenPassword> {
    const token = await this.checked('invitation', input.userId, input.invitationCode);
    const user = await this.choosePassword(token, 'invitation', input.password, from, 'user.invitation_accepted', {});
    return { canLogin: user.is_active, userName: user.user_name };
  }

  /** `ActivateEmail`: confirms the user's address. */
  async activateEmail(input: ActivateEmailInput, from: RequestOrigin): Promise<void> {
    const token = await this.checked('email_confirmation', input.userId, input.confirmationCode);
    await this.data.transaction(async (tx) => {
      await this.tokens.useUp(tx, token, refusal('email_confirmation'));
      const row = await tx.users.update(token.tenantId, token.user.id, { is_email_confirmed: true });
      if (!row) throw refusal('email_confirmation')();
      await recordAudit(tx, from, { tenantId: row.tenant_id, action: 'user.email_confirmed', target: `user:${row.id}`, actor: actorOf(row) });
    });
  }

  private async checked(purpose: keyof typeof CODES, userId: number, code: string): Promise<RedeemedToken> {
    const token = await this.tokens.check(code, purpose as OneTimePurpose, refusal(purpose));
    // A code names its user: one of another user (or of the same id in another tenant) is refused alike.
    if (token.user.id !== userId) throw refusal(purpose)();
    return token;
  }

  private async choosePassword(token: RedeemedToken, purpose: keyof typeof CODES, password: string, from: RequestOrigin, action: string, extra: UserChanges): Promise<UserRow> {
    await this.policies.demandPassword(token.tenantId, password, 'password');
    const passwordHash = await hashPassword(password);
    const user = await this.data.transaction(async (tx) => {
      await this.tokens.useUp(tx, token, refusal(purpose));
      const row = await tx.users.update(token.tenantId, token.user.id, {
        ...extra,
        password_hash: passwordHash,
        must_change_password: false,
        is_email_confirmed: true,
        invited_at: null,
      });
      if (!row) throw refusal(purpose)();
      await revocation.user(tx, row.tenant_id, row.id);
      await recordAudit(tx, from, { tenantId: row.tenant_id, action, target: `user:${row.id}`, actor: actorOf(row) });
      return row;
    });
    await this.gate.sync();
    return user;
  }
}

function refusal(purpose: keyof typeof CODES): () => AppError {
  const { field, what } = CODES[purpose];
  return () => AppError.field(field, `${what} is invalid, has expired or has already been used.`);
}

function actorOf(user: UserRow) {
  return { tenantId: user.tenant_id, userId: user.id, userName: user.user_name };
}
