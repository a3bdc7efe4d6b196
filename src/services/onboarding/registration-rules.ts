import type { Caller } from '../../domain/caller.js';
import { AppError, isAppError } from '../../domain/errors.js';
import { ProblemList, given } from '../../domain/problems.js';
import { TENANT_NAME_MAX_LENGTH, tenancyNameProblem } from '../../domain/tenancy-name.js';
import { textProblem, urlProblem } from '../../domain/validators.js';
import { isUuid } from '../security/secrets.js';
import { passwordBreaches, type PasswordComplexity } from '../../domain/password-policy.js';
import { fingerprintOf } from '../../domain/fingerprint.js';
import { optional, orNull } from '../contract-fields.js';
import { Type, type Static } from 'typebox';

type Text = string | null | undefined;

/** What `CompleteTenantRegistration` takes, as its caller sent it. */
export const RegistrationInputSchema = Type.Object({
  requestXref: optional(Type.String(), 'Required: the leadRequestXref SubmitTenancyRequest answered.'),
  tenancyName: optional(Type.String(), 'A letter, then letters, digits, "_" or "-"; at most 64; unique ignoring case.'),
  tenantName: optional(Type.String(), 'Display name; defaults to companyName, then the request’s company.'),
  companyName: optional(Type.String(), 'Defaults to the request’s company.'),
  siteUrl: optional(Type.String(), 'An http(s) URL.'),
  adminPassword: optional(Type.String(), 'At least 6 characters; generated when empty.'),
  noWelcomeEmail: optional(Type.Boolean()),
  returnBearerToken: optional(Type.Boolean()),
});
export type RegistrationInput = Static<typeof RegistrationInputSchema>;

/** Every field `CompleteTenantRegistration` documents: its answer. */
export const RegistrationSchema = Type.Object({
  tenantId: Type.Integer(),
  tenancyName: Type.String(),
  name: Type.String(),
  userName: Type.String(),
  userId: Type.Integer(),
  emailAddress: Type.String(),
  isEmailConfirmationRequired: Type.Boolean(),
  loginLink: Type.String(),
  paymentLink: Type.String(),
  stripePayUrl: orNull(Type.String()),
  publicInvoiceId: Type.String({ format: 'uuid' }),
  bearerAccessToken: orNull(Type.String()),
  bearerRefreshToken: orNull(Type.String()),
});
export type Registration = Static<typeof RegistrationSchema>;

/** Checks the request's own fields (all problems at once); answers the normalised request xref. */
/** Checks the input (the admin's password against `complexity`, the new tenant's: the host's) and answers the normalised xref. */
export function validate(input: RegistrationInput, complexity: PasswordComplexity): string {
  const problems = new ProblemList();
  if (!given(input.requestXref)) problems.add('requestXref', 'The requestXref field is required.');
  else if (!isUuid(input.requestXref.trim())) {
    problems.add('requestXref', 'The requestXref must be the UUID that SubmitTenancyRequest answered as leadRequestXref.');
  }
  if (given(input.tenancyName)) problems.check('tenancyName', tenancyNameProblem(input.tenancyName.trim()));
  for (const field of ['tenantName', 'companyName'] as const) {
    const value = input[field];
    if (given(value)) problems.check(field, textProblem(value, TENANT_NAME_MAX_LENGTH) ?? (/[\r\n]/.test(value) ? 'A name is one line.' : undefined));
  }
  if (given(input.siteUrl)) problems.check('siteUrl', urlProblem(input.siteUrl));
  if (given(input.adminPassword)) for (const breach of passwordBreaches(input.adminPassword, complexity, 'adminPassword')) problems.add(breach.field, breach.message);
  problems.throwIfAny();
  return input.requestXref!.trim().toLowerCase();
}

export function alreadyCompleted(): AppError {
  return AppError.conflict('This tenancy request has already been completed.', [
    { field: 'requestXref', message: 'This tenancy request has already been completed.' },
  ]);
}

export function isAlreadyCompleted(error: unknown): boolean {
  return isAppError(error) && error.code === 'conflict' && error.message === alreadyCompleted().message;
}

/** What makes two completions of one request the same request: who asks, and every parameter but the password. */
export function registrationFingerprint(caller: Caller, input: RegistrationInput): Buffer {
  const text = (value: Text) => (given(value) ? value.trim() : null);
  return fingerprintOf({
    caller: [caller.tenantId, caller.userId],
    tenancyName: text(input.tenancyName),
    tenantName: text(input.tenantName),
    companyName: text(input.companyName),
    siteUrl: text(input.siteUrl),
    adminPasswordGiven: given(input.adminPassword),
    noWelcomeEmail: input.noWelcomeEmail === true,
  });
}

export function isTenancyNameConflict(error: unknown): boolean {
  return isAppError(error) && error.code === 'conflict' && error.fields.some((f) => f.field === 'tenancyName');
}
