import { Type, type Static } from 'typebox';
import type { Data } from '../../data/index.js';
import type { UserTwoFactorRow } from '../../data/two-factor.js';
import type { UserRow } from '../../data/users.js';
import { HOST_TENANT_ID, type Caller } from '../../domain/caller.js';
import { demandCredentialFor, TWO_FACTOR_ADMIN_PERMISSION } from '../../domain/credential-rules.js';
import { AppError } from '../../domain/errors.js';
import type { RequestOrigin } from '../../domain/request-origin.js';
import { recordAudit } from '../audit/record-audit.js';
import type { CredentialGate } from '../security/credential-gate.js';
import { verifyPassword } from '../security/passwords.js';
import { revocation } from '../security/revocation.js';
import { transactionFor } from '../tenant-transaction.js';
import { optional } from '../contract-fields.js';
import { looksLikeRecoveryCode, newRecoveryCodes, recoveryCodeHash } from './recovery-codes.js';
import type { RememberedClients } from './remembered-clients.js';
import type { TwoFactorSecrets } from './two-factor-secrets.js';
import { newTotpSecret, totpCodeStep, totpUri } from './totp.js';

/** ABP's name for the authenticator-app provider, the one this service offers. */
export const TWO_FACTOR_PROVIDERS = ['GoogleAuthenticator'] as const;

/**
 * The `details` of a refusal that only a right password reaches (a missing or wrong second factor): surfaces
 * that hide every sign-in failure behind one message (REST login) may answer these as they are.
 */
export const SECOND_FACTOR_DETAILS = 'The account signs in with two factors: the password was right, the second factor is missing or wrong.';

/** What a second factor says of a sign-in whose password was right. */
export type SecondFactorVerdict = 'passed' | 'required' | 'wrong';

/** What a sign-in presents besides the password. */
export const SecondFactorInputSchema = Type.Object({
  twoFactorVerificationCode: optional(Type.String({ maxLength: 64 }), 'The code of the authenticator app, or a recovery code.'),
  twoFactorRememberClientToken: optional(Type.String({ maxLength: 512 }), 'A token an earlier sign-in with `rememberClient` answered.'),
});
export type SecondFactorInput = Static<typeof SecondFactorInputSchema>;

export interface TwoFactorStatus {
  isGoogleAuthenticatorEnabled: boolean;
  /** Enrolment was begun and awaits its first code. */
  isEnrolmentPending: boolean;
  recoveryCodesLeft: number;
  /** The caller's tenant requires two-factor sign-in of administrators, and the caller is one. */
  isRequired: boolean;
}

/** `app/Profile/UpdateGoogleAuthenticatorKey`'s input: the app's first code confirms the pending secret. */
export const EnrolmentConfirmationSchema = Type.Object({
  authenticatorCode: Type.String({ minLength: 1, maxLength: 16 }),
  googleAuthenticatorKey: optional(Type.String({ maxLength: 128 })),
});
export type EnrolmentConfirmation = Static<typeof EnrolmentConfirmationSchema>;

/** `app/Profile/DisableGoogleAuthenticator`'s input: the caller's password. */
export const DisableTwoFactorInputSchema = Type.Object({ password: Type.String({ minLength: 1, maxLength: 128 }) });
export type DisableTwoFactorInput = Static<typeof DisableTwoFactorInputSchema>;

/**
 * Two-factor sign-in with an authenticator app: enrolment (a secret, its `otpauth://` URI and QR code, confirmed
 * by a first code, which hands out ten recovery codes once), disabling with the password, and the second step of
 * a sign-in. A code is accepted once: the time step of the last accepted code is kept per user and only later
 * steps pass; a recovery code is removed when used.
 */
export class TwoFactor {
  constructor(
    private readonly data: Data,
    private readonly secrets: TwoFactorSecrets,
    private readonly gate: CredentialGate,
    /** Browsers that may skip the second factor for a while. */
    readonly rememberedClients: RememberedClients,
  ) {}

  async status(caller: Caller): Promise<TwoFactorStatus> {
    const [row, settings] = await Promise.all([this.data.twoFactor.find(caller.tenantId, caller.userId), this.data.twoFactor.findSettings(caller.tenantId)]);
    return {
      isGoogleAuthenticatorEnabled: Boolean(row?.enabled_at),
      isEnrolmentPending: row !== undefined && !row.enabled_at,
      recoveryCodesLeft: row?.enabled_at ? row.recovery_codes_left : 0,
      isRequired: Boolean(settings?.is_required_for_admins) && caller.permissions.has(TWO_FACTOR_ADMIN_PERMISSION),
    };
  }

  /**
   * ASP.NET Zero's `GenerateGoogleAuthenticatorKey`: a new pending secret (replacing an unconfirmed one) with its
   * URI and QR code. The secret is answered here and never again. Refused while two-factor sign-in is on.
   */
  async beginEnrolment(caller: Caller): Promise<{ googleAuthenticatorKey: string; otpauthUri: string; qrCodeSetupImageUrl: string }> {
    demandCredentialFor(caller, 'manage_two_factor');
    const secret = newTotpSecret();
    const owner = { tenantId: caller.tenantId, userId: caller.userId };
    const begun = await transactionFor(this.data, caller, async (tx) => {
      if (!(await tx.twoFactor.beginEnrolment(caller.tenantId, caller.userId, this.secrets.seal(secret, owner)))) return false;
      await recordAudit(tx, caller, { tenantId: caller.tenantId, action: 'user.two_factor_enrolment_started', target: `user:${caller.userId}` });
      return true;
    });
    if (!begun) throw AppError.conflict('Two-factor sign-in is already enabled; disable it first to enrol another authenticator.');
    const otpauthUri = totpUri(secret, await this.accountLabel(caller));
    // Loaded on the first enrolment, not at every start.
    const { toDataURL } = await import('qrcode');
    const qrCodeSetupImageUrl = await toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
    return { googleAuthenticatorKey: secret, otpauthUri, qrCodeSetupImageUrl };
  }

  /** ASP.NET Zero's `UpdateGoogleAuthenticatorKey`: a first code turns it on; the recovery codes are answered once. */
  async confirmEnrolment(caller: Caller, input: EnrolmentConfirmation): Promise<{ recoveryCodes: string[] }> {
    demandCredentialFor(caller, 'manage_two_factor');
    const row = await this.data.twoFactor.find(caller.tenantId, caller.userId);
    if (row?.enabled_at) throw AppError.conflict('Two-factor sign-in is already enabled.');
    if (!row) throw AppError.field('authenticatorCode', 'Begin enrolment first (GenerateGoogleAuthenticatorKey).');
    const secret = this.secretOf(row);
    if (input.googleAuthenticatorKey && input.googleAuthenticatorKey.replace(/\s+/g, '').toUpperCase() !== secret) {
      throw AppError.field('googleAuthenticatorKey', 'This is not the key of the pending enrolment; generate a new one.');
    }
    const step = totpCodeStep(secret, input.authenticatorCode, Date.now());
    if (step === undefined) throw AppError.field('authenticatorCode', 'The code is not valid; check the clock of the device and try the next code.');
    const recoveryCodes = newRecoveryCodes();
    const confirmed = await transactionFor(this.data, caller, async (tx) => {
      if (!(await tx.twoFactor.confirm(caller.tenantId, caller.userId, step, recoveryCodes.map(recoveryCodeHash)))) return false;
      await revocation.userChanged(tx, caller.tenantId, caller.userId);
      await recordAudit(tx, caller, { tenantId: caller.tenantId, action: 'user.two_factor_enabled', target: `user:${caller.userId}` });
      return true;
    });
    if (!confirmed) throw AppError.conflict('Two-factor sign-in was enabled meanwhile.');
    await this.gate.sync();
    return { recoveryCodes };
  }

  /** Turns two-factor sign-in off after the password is given; every remembered browser is forgotten with it. */
  async disable(caller: Caller, input: DisableTwoFactorInput): Promise<void> {
    demandCredentialFor(caller, 'manage_two_factor');
    const user = await this.data.users.findById(caller.tenantId, caller.userId);
    if (!user) throw AppError.unauthenticated();
    // A 400, not a 401: the caller is signed in; ABP clients sign out on any 401.
    if (!(await verifyPassword(user.password_hash, input.password))) throw AppError.field('password', 'The password is incorrect.');
    const removed = await transactionFor(this.data, caller, async (tx) => {
      if (!(await tx.twoFactor.remove(caller.tenantId, caller.userId))) return false;
      await revocation.userChanged(tx, caller.tenantId, caller.userId);
      await recordAudit(tx, caller, { tenantId: caller.tenantId, action: 'user.two_factor_disabled', target: `user:${caller.userId}` });
      return true;
    });
    if (!removed) throw AppError.conflict('Two-factor sign-in is not enabled.');
    await this.gate.sync();
  }

  /** Whether the user has two-factor sign-in on (enrolment confirmed). */
  async isEnabled(user: UserRow): Promise<boolean> {
    return Boolean((await this.data.twoFactor.find(user.tenant_id, user.id))?.enabled_at);
  }

  /**
   * The second step of a sign-in whose password was right: passed without two-factor sign-in, with a live
   * remember-client token of this user, or with a fresh code (TOTP or recovery code); required when nothing was
   * given; wrong otherwise. Used and refused codes are audited.
   */
  async verdict(user: UserRow, input: SecondFactorInput, from: RequestOrigin): Promise<SecondFactorVerdict> {
    const row = await this.data.twoFactor.find(user.tenant_id, user.id);
    if (!row?.enabled_at) return 'passed';
    if (input.twoFactorRememberClientToken && (await this.rememberedClients.isRemembered(user, input.twoFactorRememberClientToken))) return 'passed';
    const code = input.twoFactorVerificationCode?.trim();
    if (!code) return 'required';
    const accepted = looksLikeRecoveryCode(code) ? await this.useRecoveryCode(user, code, from) : await this.useTotpCode(user, row, code);
    return accepted ? 'passed' : 'wrong';
  }

  private async useTotpCode(user: UserRow, row: UserTwoFactorRow, code: string): Promise<boolean> {
    const step = totpCodeStep(this.secretOf(row), code, Date.now());
    return step !== undefined && (await this.data.twoFactor.claimTimeStep(user.tenant_id, user.id, step));
  }

  private async useRecoveryCode(user: UserRow, code: string, from: RequestOrigin): Promise<boolean> {
    return this.data.transaction(async (tx) => {
      if (!(await tx.twoFactor.useRecoveryCode(user.tenant_id, user.id, recoveryCodeHash(code)))) return false;
      await recordAudit(tx, from, {
        tenantId: user.tenant_id,
        action: 'user.recovery_code_used',
        target: `user:${user.id}`,
        actor: { tenantId: user.tenant_id, userId: user.id, userName: user.user_name },
      });
      return true;
    });
  }

  private secretOf(row: UserTwoFactorRow): string {
    return this.secrets.open(row.secret_encrypted, { tenantId: row.tenant_id, userId: row.user_id });
  }

  /** `user@tenancy` as the authenticator app lists the account (`user@host` for platform operators). */
  private async accountLabel(caller: Caller): Promise<string> {
    const tenant = caller.tenantId === HOST_TENANT_ID ? undefined : await this.data.tenants.findLive(caller.tenantId);
    return `${caller.userName}@${tenant?.tenancy_name ?? 'host'}`;
  }
}
