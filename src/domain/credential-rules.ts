import type { Caller, CredentialOrigin } from './caller.js';
import { AppError } from './errors.js';
import { methodPathAllowed } from './method-paths.js';
import type { Permission } from './permissions.js';

/**
 * The credential model's rules, stated once (docs/security.md, "Credential model"): a credential never yields
 * one that is stronger, broader or longer-lived than itself, and no caller grants what it does not hold.
 * Every service that mints a credential, sets a password, links or switches accounts asks `demandCredentialFor`.
 */
export type GuardedAction =
  | 'manage_api_keys'
  | 'set_password'
  | 'link_accounts'
  | 'unlink_accounts'
  | 'switch_accounts'
  | 'manage_two_factor'
  | 'issue_login_links'
  | 'impersonate'
  | 'learn_generated_password';

const refusedOrigins: Record<GuardedAction, { origins: readonly CredentialOrigin[]; what: string }> = {
  // A leaked key must not mint more keys, nor outlive itself through a longer-lived one. An impersonator must
  // not leave with a key of the user's that outlives the impersonation and acts under the user's name alone.
  manage_api_keys: { origins: ['api_key', 'impersonated'], what: 'manage API keys' },
  // A password outlives any key; a key that could set one would become a full account. Nor is a password the
  // impersonator's to choose, for the user or (as an admin) for anyone else.
  set_password: { origins: ['api_key', 'impersonated'], what: 'set a password' },
  // Linking and switching cross into other tenants: only a user who signed in with their own password may.
  link_accounts: { origins: ['api_key', 'delegated', 'impersonated'], what: 'link accounts' },
  unlink_accounts: { origins: ['api_key', 'impersonated'], what: 'unlink accounts' },
  switch_accounts: { origins: ['api_key', 'delegated', 'impersonated'], what: 'switch to a linked account' },
  // A second factor guards the password; a key that could enrol or drop one would own the account's sign-in.
  manage_two_factor: { origins: ['api_key', 'impersonated'], what: 'enrol or disable two-factor sign-in' },
  // A login link opens a session that no longer says who asked for it: an impersonator would leave with one.
  issue_login_links: { origins: ['impersonated'], what: 'create login links' },
  // No cascading (ASP.NET Zero's rule), and only a user who signed in with their own password signs in as another.
  impersonate: { origins: ['api_key', 'delegated', 'impersonated'], what: 'impersonate users' },
  // A generated password shown to a key, or to an impersonator, would make its holder the new account's owner for
  // good (an impersonation ends; a password does not); the new user gets in through a login link or a reset instead.
  learn_generated_password: { origins: ['api_key', 'impersonated'], what: 'see a generated password' },
};

/** Whether the caller's credential may do `action` (`demandCredentialFor` throws where this is false). */
export function credentialAllows(caller: Caller, action: GuardedAction): boolean {
  return !refusedOrigins[action].origins.includes(caller.origin);
}

/** Throws `forbidden` when the caller's credential may not do `action`. */
export function demandCredentialFor(caller: Caller, action: GuardedAction): void {
  if (credentialAllows(caller, action)) return;
  const rule = refusedOrigins[action];
  if (caller.origin === 'impersonated') {
    throw AppError.forbidden(`An impersonated session cannot ${rule.what}; go back to your own account first (Platform/Account/BackToImpersonator).`);
  }
  const how = caller.origin === 'api_key' ? 'An API key (or a session opened through one)' : 'A session you did not open with your own password';
  throw AppError.forbidden(`${how} cannot ${rule.what}; sign in with your password instead.`);
}

/** Throws `forbidden` when an API key bounding the caller does not allow the method or resource at `url`. */
export function demandApiKeyAllows(caller: Caller | null, url: string): void {
  if (caller?.apiKey && !methodPathAllowed(caller.apiKey.paths, url)) {
    throw AppError.forbidden('This API key is not allowed to call this method.');
  }
}

/**
 * Throws `forbidden` unless the caller holds every permission in `granted`. A login link handed out stays
 * bounded by the caller's key (`reach: 'bounded'`); a role granted to an account is not, so an API key — which
 * only borrows its user's permissions — can grant none (`reach: 'unbounded'`).
 */
export function demandHeldPermissions(caller: Caller, granted: Iterable<Permission>, what: string, reach: 'bounded' | 'unbounded'): void {
  const held = reach === 'unbounded' && caller.origin === 'api_key' ? new Set<Permission>() : caller.permissions;
  const missing = [...new Set(granted)].filter((p) => !held.has(p));
  if (missing.length > 0) {
    throw AppError.forbidden(`You cannot ${what}: it carries permissions you do not hold (${missing.sort().join(', ')}).`);
  }
}

/** The permission to impersonate; an impersonated session lives only while its impersonator still holds it. */
export const IMPERSONATION_PERMISSION: Permission = 'Users.Impersonation';

/** Who counts as an administrator for the two-factor requirement (`isRequiredForAdmins`): whoever manages users. */
export const TWO_FACTOR_ADMIN_PERMISSION: Permission = 'Users.Manage';

/** Throws `forbidden` while the caller must enrol an authenticator app before anything else (see `mustEnrolTwoFactor`). */
export function demandTwoFactorEnrolled(caller: Caller | null): void {
  if (caller?.mustEnrolTwoFactor) {
    throw AppError.forbidden(
      'Your tenant requires administrators to sign in with two factors: enrol an authenticator app first (app/Profile/GenerateGoogleAuthenticatorKey).',
    );
  }
}
