import { Type, type Static } from 'typebox';
import type { Data } from '../../data/index.js';
import type { UserRow } from '../../data/users.js';
import { HOST_TENANT_ID } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import type { RequestOrigin } from '../../domain/request-origin.js';
import { recordAudit } from '../audit/record-audit.js';
import { decoyPasswordHash, verifyPassword } from '../security/passwords.js';
import { withSignInClaim } from './sign-in-claims.js';
import type { ServiceMetrics } from '../metrics/service-metrics.js';
import type { AccountPolicies } from '../settings/account-policies.js';
import { SECOND_FACTOR_DETAILS, SecondFactorInputSchema, type SecondFactorVerdict } from '../two-factor/two-factor.js';

/** ABP's `UserEmailIsNotConfirmedAndCanNotLogin`. */
export const EMAIL_NOT_CONFIRMED = 'Your email address is not confirmed. You can not login.';

/** A lockout that never starts: the claim compares against a count no account reaches. */
const NEVER = 2_147_483_647;

export const SignInInputSchema = Type.Object({
  userNameOrEmailAddress: Type.String({ minLength: 1, maxLength: 256 }),
  password: Type.String({ minLength: 1, maxLength: 128 }),
  // Absent or empty: a host (platform operator) user.
  tenancyName: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
});
export type SignInInput = Static<typeof SignInInputSchema>;

/** `TokenAuth/Authenticate`'s input: the account, whether to remember this client, and the second factor. */
export const AuthenticateInputSchema = Type.Object({
  ...SignInInputSchema.properties,
  rememberClient: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  ...SecondFactorInputSchema.properties,
});

/** Who signed in, and whether the second factor is still to come (`required`: no session may be opened yet). */
export interface SignInOutcome {
  user: UserRow;
  secondFactor: 'passed' | 'required';
}

/**
 * Checks a user's credentials with ASP.NET Zero's failure reasons. Never reveals whether a user exists:
 * an unknown user, a locked-out user and a wrong password give the same answer after the same work. The
 * attempt is claimed before the password is checked (see `claimSignInAttempt`), so a burst of parallel
 * guesses evaluates at most the lockout limit; a burst of right ones waits for the claims in flight instead of
 * being refused (sign-in-claims.ts). Every refusal is audited on its own (it changes nothing
 * else), a lockout that this attempt starts too. The lockout and e-mail confirmation rules are the tenant's own
 * (see `AccountPolicies`). With `secondFactor`, a right password is followed by the user's second factor: a
 * wrong code is a failed attempt like a wrong password; a missing one answers `secondFactor: 'required'` (and
 * the attempt stays counted until a code completes it).
 */
export async function checkSignIn(
  data: Data,
  policies: AccountPolicies,
  metrics: ServiceMetrics,
  input: SignInInput,
  from: RequestOrigin,
  secondFactor?: (user: UserRow) => Promise<SecondFactorVerdict>,
): Promise<SignInOutcome> {
  const tenancyName = input.tenancyName?.trim();
  const userName = input.userNameOrEmailAddress.trim();
  let tenantId = HOST_TENANT_ID;
  const refuse = async (reason: string, user?: UserRow, message = 'Invalid user name or password.') => {
    metrics.signInRefused(reason);
    await recordAudit(data, from, {
      tenantId,
      action: 'sign_in.failed',
      target: user ? `user:${user.id}` : null,
      actor: user ? { tenantId: user.tenant_id, userId: user.id, userName: user.user_name } : null,
      details: { reason, userNameOrEmailAddress: userName.slice(0, 256), ...(tenancyName ? { tenancyName: tenancyName.slice(0, 64) } : {}) },
    });
    return AppError.unauthenticated(message);
  };
  if (tenancyName) {
    const tenant = await data.tenants.findByTenancyName(tenancyName);
    if (!tenant || tenant.deleted_at) throw await refuse('unknown_tenant', undefined, `There is no tenant with the tenancy name "${tenancyName}".`);
    tenantId = tenant.id;
    if (!tenant.is_active) throw await refuse('tenant_inactive', undefined, `The tenant "${tenancyName}" is not active.`);
  }
  const policy = await policies.of(tenantId);
  const user = await data.users.findByUserNameOrEmail(tenantId, userName);
  const { isEnabled, maxFailedAccessAttemptsBeforeLockout, defaultAccountLockoutSeconds: seconds } = policy.userLockOut;
  const maxFailures = isEnabled ? maxFailedAccessAttemptsBeforeLockout : NEVER;
  const checked = user
    ? await withSignInClaim(data, { tenantId, userId: user.id, maxFailures, lockoutSeconds: seconds }, async (claim) => {
        const passwordRight = await verifyPassword(user.password_hash, input.password);
        const verdict = passwordRight ? ((await secondFactor?.(user)) ?? 'passed') : 'wrong';
        // Only a complete sign-in gives its claim back: a right password still waiting for its code stays counted,
        // so guessing codes (each attempt brings the password again) runs into the lockout like guessing passwords.
        if (verdict === 'passed') await data.users.recordSuccessfulSignIn(tenantId, user.id);
        return { claim, passwordRight, verdict };
      })
    : 'refused';
  if (!user || checked === 'refused') {
    await verifyPassword(await decoyPasswordHash(), input.password);
    throw await refuse(user ? 'locked_out' : 'unknown_user', user);
  }
  const { claim, passwordRight, verdict } = checked;
  if (verdict === 'wrong') {
    if (claim === 'lockout_started') {
      metrics.lockoutStarted();
      await recordAudit(data, from, {
        tenantId,
        action: 'user.locked_out',
        target: `user:${user.id}`,
        actor: { tenantId: user.tenant_id, userId: user.id, userName: user.user_name },
        details: { failedAttempts: maxFailures, lockoutSeconds: seconds },
      });
    }
    if (!passwordRight) throw await refuse('wrong_password', user);
    const refused = await refuse('wrong_two_factor_code', user, 'The two-factor code is invalid or was already used.');
    throw new AppError('unauthenticated', refused.message, { details: SECOND_FACTOR_DETAILS });
  }
  if (!user.is_active) throw await refuse('user_inactive', user, 'The user is not active.');
  if (policy.isEmailConfirmationRequiredForLogin && !user.is_email_confirmed) throw await refuse('email_not_confirmed', user, EMAIL_NOT_CONFIRMED);
  return { user, secondFactor: verdict };
}
