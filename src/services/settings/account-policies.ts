import type { Data, Queries } from '../../data/index.js';
import type { SettingsRow } from '../../data/settings.js';
import { HOST_TENANT_ID } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import { DEFAULT_PASSWORD_COMPLEXITY, passwordBreaches, type PasswordComplexity, type UserLockOut } from '../../domain/password-policy.js';

/** What a tenant asks of its accounts: password complexity, lockout, and whether sign-in waits for a confirmed address. */
export interface AccountPolicy {
  passwordComplexity: PasswordComplexity;
  /** The tenant names none of its own: the host's (or the built-in) complexity applies. */
  usesDefaultPasswordComplexity: boolean;
  /** The complexity a tenant without its own gets: the host's, else the built-in. */
  defaultPasswordComplexity: PasswordComplexity;
  userLockOut: UserLockOut;
  isEmailConfirmationRequiredForLogin: boolean;
}

type Row = SettingsRow | undefined;

/**
 * Reads the account policy in effect for a tenant, ABP's setting fallback: the tenant's own value, else the host's
 * (tenant 0's row, which is also what "host defaults for new tenants" means), else the built-in default — ABP's
 * password defaults and the `LOCKOUT_*` environment.
 */
export class AccountPolicies {
  constructor(
    private readonly data: Data,
    private readonly lockoutDefaults: { maxFailures: number; seconds: number },
  ) {}

  async of(tenantId: number, tx: Queries = this.data): Promise<AccountPolicy> {
    const own = await tx.settings.find(tenantId);
    const host = tenantId === HOST_TENANT_ID ? undefined : await tx.settings.find(HOST_TENANT_ID);
    return policyOf(tenantId === HOST_TENANT_ID ? undefined : own, tenantId === HOST_TENANT_ID ? own : host, this.lockoutDefaults);
  }

  /** Throws a 400 naming every rule of the tenant's policy the password breaks, all under `field`. */
  async demandPassword(tenantId: number, password: string, field = 'password', tx?: Queries): Promise<PasswordComplexity> {
    const { passwordComplexity } = await this.of(tenantId, tx);
    const breaches = passwordBreaches(password, passwordComplexity, field);
    if (breaches.length > 0) throw AppError.validation(breaches, breaches.length === 1 ? breaches[0]!.message : 'The password does not satisfy the password policy.');
    return passwordComplexity;
  }
}

function complexityOf(row: Row, fallback: PasswordComplexity): PasswordComplexity {
  return {
    requiredLength: row?.password_required_length ?? fallback.requiredLength,
    requireDigit: row?.password_require_digit ?? fallback.requireDigit,
    requireLowercase: row?.password_require_lowercase ?? fallback.requireLowercase,
    requireUppercase: row?.password_require_uppercase ?? fallback.requireUppercase,
    requireNonAlphanumeric: row?.password_require_non_alphanumeric ?? fallback.requireNonAlphanumeric,
  };
}

/** Whether the row names any complexity rule of its own. */
export function hasOwnComplexity(row: Row): boolean {
  return [row?.password_required_length, row?.password_require_digit, row?.password_require_lowercase, row?.password_require_uppercase, row?.password_require_non_alphanumeric].some(
    (value) => value !== null && value !== undefined,
  );
}

/** The policy of a tenant's own row over the host's row over the built-in defaults (for the host itself: `own` is undefined). */
export function policyOf(own: Row, host: Row, lockout: { maxFailures: number; seconds: number }): AccountPolicy {
  const defaultPasswordComplexity = complexityOf(host, DEFAULT_PASSWORD_COMPLEXITY);
  const usesDefaultPasswordComplexity = !hasOwnComplexity(own);
  return {
    passwordComplexity: usesDefaultPasswordComplexity ? defaultPasswordComplexity : complexityOf(own, defaultPasswordComplexity),
    usesDefaultPasswordComplexity,
    defaultPasswordComplexity,
    userLockOut: {
      isEnabled: own?.lockout_enabled ?? host?.lockout_enabled ?? true,
      maxFailedAccessAttemptsBeforeLockout: own?.lockout_max_failures ?? host?.lockout_max_failures ?? lockout.maxFailures,
      defaultAccountLockoutSeconds: own?.lockout_seconds ?? host?.lockout_seconds ?? lockout.seconds,
    },
    isEmailConfirmationRequiredForLogin: own?.email_confirmation_required ?? host?.email_confirmation_required ?? false,
  };
}
