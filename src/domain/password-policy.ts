import type { FieldProblem } from './errors.js';

/** ABP's `PasswordComplexitySetting`: what every password set in a tenant must satisfy. */
export interface PasswordComplexity {
  requiredLength: number;
  requireDigit: boolean;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireNonAlphanumeric: boolean;
}

/** ABP's `UserLockOutSettingsEditDto`: how many failed sign-ins lock an account, and for how long. */
export interface UserLockOut {
  isEnabled: boolean;
  maxFailedAccessAttemptsBeforeLockout: number;
  defaultAccountLockoutSeconds: number;
}

/** ASP.NET Zero's defaults as the notes give them: at least six characters, nothing else required. */
export const DEFAULT_PASSWORD_COMPLEXITY: PasswordComplexity = {
  requiredLength: 6,
  requireDigit: false,
  requireLowercase: false,
  requireUppercase: false,
  requireNonAlphanumeric: false,
};

/** No policy can ask for more: the longest password any method takes. */
export const MAX_PASSWORD_LENGTH = 128;

/**
 * Every rule of the policy the password breaks, each as its own problem of `field` (ABP names each failed
 * rule in `validationErrors`); empty when the password satisfies the policy.
 */
export function passwordBreaches(password: string, policy: PasswordComplexity, field = 'password'): FieldProblem[] {
  const broken: string[] = [];
  if (password.length < policy.requiredLength) broken.push(`Passwords must be at least ${policy.requiredLength} characters.`);
  if (password.length > MAX_PASSWORD_LENGTH) broken.push(`Passwords must be at most ${MAX_PASSWORD_LENGTH} characters.`);
  if (policy.requireDigit && !/\d/.test(password)) broken.push("Passwords must have at least one digit ('0'-'9').");
  if (policy.requireLowercase && !/[a-z]/.test(password)) broken.push("Passwords must have at least one lowercase ('a'-'z').");
  if (policy.requireUppercase && !/[A-Z]/.test(password)) broken.push("Passwords must have at least one uppercase ('A'-'Z').");
  if (policy.requireNonAlphanumeric && !/[^A-Za-z0-9]/.test(password)) broken.push('Passwords must have at least one non alphanumeric character.');
  return broken.map((message) => ({ field, message }));
}
