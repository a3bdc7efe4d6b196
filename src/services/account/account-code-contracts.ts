import { Type, type Static } from 'typebox';
import { Id, orNull } from '../contract-fields.js';

/** A mailed code as the pages send it back: long, opaque, never shorter than a real one is. */
const MailedCode = () => Type.String({ minLength: 1, maxLength: 256 });

/** A new password; the tenant's policy decides what it must hold (every broken rule is named under `password`). */
const NewPassword = () => Type.String({ minLength: 1, maxLength: 1024 });

/** ABP's `ResetPasswordOutput`: whether the user may now sign in, and with what user name. */
export const ChosenPasswordSchema = Type.Object({
  canLogin: Type.Boolean({ description: 'Whether the user may now sign in with the new password.' }),
  userName: Type.String({ description: 'The user name to sign in with.' }),
});
export type ChosenPassword = Static<typeof ChosenPasswordSchema>;

/** `Platform/Account/GetResetPasswordCodeInfo`'s input. */
export const ResetCodeInfoInputSchema = Type.Object({ userId: Id(), resetCode: MailedCode() });

/** `Platform/Account/GetResetPasswordCodeInfo`'s answer. */
export const ResetCodeInfoSchema = Type.Object({
  userId: Type.Integer(),
  userName: Type.String(),
  /** null for a host user. */
  tenantId: Type.Union([Type.Integer(), Type.Null()]),
  tenancyName: Type.Union([Type.String(), Type.Null()]),
  expirationTime: Type.String({ format: 'date-time' }),
});
export type ResetCodeInfo = Static<typeof ResetCodeInfoSchema>;

/** `Platform/Account/ResetPassword`'s input (ABP's `ResetPasswordInput`; `returnUrl`, `singleSignIn` and `c` are accepted and unused). */
export const CodeResetPasswordInputSchema = Type.Object({
  userId: Id(),
  resetCode: MailedCode(),
  password: NewPassword(),
  returnUrl: Type.Optional(orNull(Type.String({ maxLength: 2048 }))),
  singleSignIn: Type.Optional(orNull(Type.String({ maxLength: 64 }))),
  c: Type.Optional(orNull(Type.String({ maxLength: 2048 }))),
});
export type CodeResetPasswordInput = Static<typeof CodeResetPasswordInputSchema>;

/** `Platform/Account/AcceptInvitation`'s input. */
export const AcceptInvitationInputSchema = Type.Object({ userId: Id(), invitationCode: MailedCode(), password: NewPassword() });
export type AcceptInvitationInput = Static<typeof AcceptInvitationInputSchema>;

/** `Platform/Account/ActivateEmail`'s input (ABP's `ActivateEmailInput`; `c` is accepted and unused). */
export const ActivateEmailInputSchema = Type.Object({
  userId: Id(),
  confirmationCode: MailedCode(),
  c: Type.Optional(orNull(Type.String({ maxLength: 2048 }))),
});
export type ActivateEmailInput = Static<typeof ActivateEmailInputSchema>;
