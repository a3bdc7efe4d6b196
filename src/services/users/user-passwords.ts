import type { Data } from '../../data/index.js';
import { demand, type Caller } from '../../domain/caller.js';
import { demandCredentialFor } from '../../domain/credential-rules.js';
import { AppError } from '../../domain/errors.js';
import { PASSWORD_SESSION, type Authentication, type TokenPair } from '../auth/authentication.js';
import type { CredentialGate } from '../security/credential-gate.js';
import { generatePassword, hashPassword, verifyPassword } from '../security/passwords.js';
import type { AccountPolicies } from '../settings/account-policies.js';
import { revocation } from '../security/revocation.js';
import { audit } from './user-audit.js';
import { transactionFor } from '../tenant-transaction.js';
import type { OwnPasswordChange, ResetPasswordInput } from './contracts.js';

/** Password changes: a user's own (`ChangePassword`) and an admin's reset of someone else's (`ResetPassword`). */
export class UserPasswords {
  constructor(
    private readonly data: Data,
    private readonly gate: CredentialGate,
    private readonly auth: Authentication,
    private readonly policies: AccountPolicies,
  ) {}

  /**
   * Changes the caller's own password. Every credential of the user ends at once — other sessions, API keys
   * and the very token used for this call — and the answer is a fresh token pair, so the caller stays signed
   * in while anyone else who held the old password or a token is out.
   */
  async changeOwn(caller: Caller, input: OwnPasswordChange): Promise<TokenPair> {
    demandCredentialFor(caller, 'set_password');
    const user = await this.data.users.findById(caller.tenantId, caller.userId);
    if (!user) throw AppError.unauthenticated();
    // A 400, not a 401: the caller is signed in; ABP clients sign out on any 401.
    if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
      throw AppError.field('currentPassword', 'Your current password is incorrect.');
    }
    await this.policies.demandPassword(caller.tenantId, input.newPassword, 'newPassword');
    const passwordHash = await hashPassword(input.newPassword);
    const updated = await transactionFor(this.data, caller, async (tx) => {
      const row = await tx.users.update(caller.tenantId, caller.userId, { password_hash: passwordHash, must_change_password: false });
      if (!row) throw AppError.unauthenticated();
      await revocation.user(tx, caller.tenantId, caller.userId);
      await audit(tx, caller, 'user.password_changed', row);
      return row;
    });
    await this.gate.sync();
    return this.auth.startSession(updated, PASSWORD_SESSION, caller.from);
  }

  /** An admin sets (or has the server generate) another user's password; the user's credentials end at once. */
  async reset(caller: Caller, input: ResetPasswordInput): Promise<{ generatedPassword?: string }> {
    demand(caller, 'Users.Manage');
    demandCredentialFor(caller, 'set_password');
    const chosen = input.newPassword || undefined;
    const { passwordComplexity } = await this.policies.of(caller.tenantId);
    if (chosen !== undefined) await this.policies.demandPassword(caller.tenantId, chosen, 'newPassword');
    const generatedPassword = chosen === undefined ? generatePassword(passwordComplexity.requiredLength) : undefined;
    const passwordHash = await hashPassword(chosen ?? generatedPassword!);
    await transactionFor(this.data, caller, async (tx) => {
      const row = await tx.users.update(caller.tenantId, input.userId, {
        password_hash: passwordHash,
        // Someone else knows a generated password: its owner must replace it.
        must_change_password: generatedPassword !== undefined || input.shouldChangePasswordOnNextLogin,
        // The admin chose the password: an invitation still open is settled by it.
        invited_at: null,
      });
      if (!row) throw AppError.notFound(`User ${input.userId}`);
      await revocation.user(tx, caller.tenantId, input.userId);
      await audit(tx, caller, 'user.password_reset', row);
    });
    await this.gate.sync();
    return generatedPassword === undefined ? {} : { generatedPassword };
  }
}
