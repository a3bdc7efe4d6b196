import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { EnrolmentConfirmationSchema } from '../../../../../services/two-factor/two-factor.js';

export const updateGoogleAuthenticatorKey = rpcMethod({
  path: 'app/Profile/UpdateGoogleAuthenticatorKey',
  summary: 'Confirm the authenticator app with a first code: two-factor sign-in is on, and ten recovery codes are answered once',
  description:
    'A wrong code is a 400 naming `authenticatorCode`. The recovery codes are stored hashed: keep them now, they are never ' +
    'shown again; each signs in once in place of a code. `googleAuthenticatorKey`, when sent (ASP.NET Zero clients do), must be ' +
    'the pending secret.',
  auth: 'caller',
  openBeforeTwoFactorEnrolment: true,
  carriesCredential: true,
  input: EnrolmentConfirmationSchema,
  output: Type.Object({ recoveryCodes: Type.Array(Type.String()) }),
  async handle({ caller, input, services }) {
    return services.twoFactor.confirmEnrolment(caller, input);
  },
});
