import { Type } from 'typebox';

/** A mailed code as the pages send it back: long, opaque, never shorter than a real one is. */
export const MailedCode = () => Type.String({ minLength: 1, maxLength: 256 });

/** ABP's `ResetPasswordOutput`. */
export const ChosenPasswordOutput = Type.Object({
  canLogin: Type.Boolean({ description: 'Whether the user may now sign in with the new password.' }),
  userName: Type.String({ description: 'The user name to sign in with.' }),
});

/** A new password; the tenant's policy decides what it must hold (every broken rule is named under `password`). */
export const NewPassword = () => Type.String({ minLength: 1, maxLength: 1024 });
