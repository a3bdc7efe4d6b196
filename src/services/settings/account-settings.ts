import { Type, type Static } from 'typebox';
import type { Data } from '../../data/index.js';
import type { SettingsChanges } from '../../data/settings.js';
import { demand, isHost, type Caller } from '../../domain/caller.js';
import { AppError, type FieldProblem } from '../../domain/errors.js';
import { MAX_PASSWORD_LENGTH } from '../../domain/password-policy.js';
import { changeSummary, recordAudit } from '../audit/record-audit.js';
import { transactionFor } from '../tenant-transaction.js';
import type { AccountPolicies } from './account-policies.js';
import { ensureSettingsRow } from './general-settings.js';

/** ABP's `PasswordComplexitySetting`. */
export const PasswordComplexitySchema = Type.Object({
  requiredLength: Type.Integer({ minimum: 1, maximum: MAX_PASSWORD_LENGTH }),
  requireDigit: Type.Boolean(),
  requireLowercase: Type.Boolean(),
  requireUppercase: Type.Boolean(),
  requireNonAlphanumeric: Type.Boolean(),
});

/** ABP's `UserLockOutSettingsEditDto`. */
export const UserLockOutSchema = Type.Object({
  isEnabled: Type.Boolean(),
  maxFailedAccessAttemptsBeforeLockout: Type.Integer({ minimum: 1, maximum: 1000 }),
  defaultAccountLockoutSeconds: Type.Integer({ minimum: 1, maximum: 31_536_000 }),
});

/** The account sections of ABP's `TenantSettingsEditDto` / `HostSettingsEditDto`. */
export const AccountSettingsSchema = Type.Object({
  userManagement: Type.Object({ isEmailConfirmationRequiredForLogin: Type.Boolean() }),
  security: Type.Object({
    useDefaultPasswordComplexitySettings: Type.Boolean({ description: 'The tenant has no complexity of its own: `defaultPasswordComplexity` (the host\'s) applies.' }),
    passwordComplexity: PasswordComplexitySchema,
    defaultPasswordComplexity: PasswordComplexitySchema,
    userLockOut: UserLockOutSchema,
  }),
});
export type AccountSettingsView = Static<typeof AccountSettingsSchema>;

/** A change: absent sections and fields stay as they are. */
export const AccountSettingsChangeSchema = Type.Object({
  userManagement: Type.Optional(Type.Object({ isEmailConfirmationRequiredForLogin: Type.Optional(Type.Boolean()) })),
  security: Type.Optional(
    Type.Object({
      useDefaultPasswordComplexitySettings: Type.Optional(Type.Boolean()),
      passwordComplexity: Type.Optional(Type.Partial(PasswordComplexitySchema)),
      defaultPasswordComplexity: Type.Optional(Type.Unknown({ description: 'Informational; ignored on write.' })),
      userLockOut: Type.Optional(Type.Partial(UserLockOutSchema)),
    }),
  ),
});
export type AccountSettingsChange = Static<typeof AccountSettingsChangeSchema>;

const COLUMNS = {
  requiredLength: 'password_required_length',
  requireDigit: 'password_require_digit',
  requireLowercase: 'password_require_lowercase',
  requireUppercase: 'password_require_uppercase',
  requireNonAlphanumeric: 'password_require_non_alphanumeric',
} as const;

/**
 * The password complexity, lockout and e-mail confirmation settings of the caller's tenant (`Settings.Manage`); a
 * host caller's are the host's, which every tenant without its own inherits — the defaults of new tenants.
 */
export class AccountSettings {
  constructor(
    private readonly data: Data,
    private readonly policies: AccountPolicies,
  ) {}

  async get(caller: Caller): Promise<AccountSettingsView> {
    demand(caller, 'Settings.Manage');
    return view(await this.policies.of(caller.tenantId));
  }

  /** Applies the change and audits it; a host caller's change reaches every tenant that has no value of its own. */
  async update(caller: Caller, change: AccountSettingsChange): Promise<AccountSettingsView> {
    demand(caller, 'Settings.Manage');
    const changes = storedChanges(change);
    return transactionFor(this.data, caller, async (tx) => {
      await ensureSettingsRow(tx, caller.tenantId);
      const before = await this.policies.of(caller.tenantId, tx);
      if (Object.keys(changes).length > 0) await tx.settings.update(caller.tenantId, changes);
      const after = await this.policies.of(caller.tenantId, tx);
      if (Object.keys(changes).length > 0) {
        await recordAudit(tx, caller, {
          tenantId: caller.tenantId,
          action: 'settings.account.updated',
          target: isHost(caller) ? 'settings:host-defaults' : `settings:tenant:${caller.tenantId}`,
          ...changeSummary(flat(before), flat(after)),
        });
      }
      return view(after);
    });
  }
}

function view(policy: Awaited<ReturnType<AccountPolicies['of']>>): AccountSettingsView {
  return {
    userManagement: { isEmailConfirmationRequiredForLogin: policy.isEmailConfirmationRequiredForLogin },
    security: {
      useDefaultPasswordComplexitySettings: policy.usesDefaultPasswordComplexity,
      passwordComplexity: policy.passwordComplexity,
      defaultPasswordComplexity: policy.defaultPasswordComplexity,
      userLockOut: policy.userLockOut,
    },
  };
}

function flat(policy: Awaited<ReturnType<AccountPolicies['of']>>): Record<string, unknown> {
  return { ...policy.passwordComplexity, ...policy.userLockOut, isEmailConfirmationRequiredForLogin: policy.isEmailConfirmationRequiredForLogin };
}

/** The stored form of a change. `useDefaultPasswordComplexitySettings: true` clears the tenant's own complexity. */
export function storedChanges(change: AccountSettingsChange): SettingsChanges {
  const changes: SettingsChanges = {};
  const problems: FieldProblem[] = [];
  const required = change.userManagement?.isEmailConfirmationRequiredForLogin;
  if (required !== undefined) changes.email_confirmation_required = required;
  const security = change.security;
  if (security?.useDefaultPasswordComplexitySettings === true) {
    if (security.passwordComplexity && Object.keys(security.passwordComplexity).length > 0) {
      problems.push({ field: 'security.passwordComplexity', message: 'Give a password complexity or use the default one, not both.' });
    }
    for (const column of Object.values(COLUMNS)) changes[column] = null;
  } else if (security?.passwordComplexity) {
    for (const [field, column] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, (typeof COLUMNS)[keyof typeof COLUMNS]][]) {
      const value = security.passwordComplexity[field];
      if (value !== undefined) (changes as Record<string, unknown>)[column] = value;
    }
  }
  const lockOut = security?.userLockOut;
  if (lockOut?.isEnabled !== undefined) changes.lockout_enabled = lockOut.isEnabled;
  if (lockOut?.maxFailedAccessAttemptsBeforeLockout !== undefined) changes.lockout_max_failures = lockOut.maxFailedAccessAttemptsBeforeLockout;
  if (lockOut?.defaultAccountLockoutSeconds !== undefined) changes.lockout_seconds = lockOut.defaultAccountLockoutSeconds;
  if (problems.length > 0) throw AppError.validation(problems);
  return changes;
}

