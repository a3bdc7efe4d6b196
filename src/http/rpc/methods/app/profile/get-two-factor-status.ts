import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';

export const getTwoFactorStatus = rpcMethod({
  path: 'app/Profile/GetTwoFactorStatus',
  summary: "Whether your two-factor sign-in is on, pending its first code, and how many recovery codes are left",
  description: '`isRequired`: your tenant requires administrators (holders of `Users.Manage`) to sign in with two factors.',
  auth: 'caller',
  openBeforeTwoFactorEnrolment: true,
  input: Type.Object({}),
  output: Type.Object({
    isGoogleAuthenticatorEnabled: Type.Boolean(),
    isEnrolmentPending: Type.Boolean(),
    recoveryCodesLeft: Type.Integer(),
    isRequired: Type.Boolean(),
  }),
  async handle({ caller, services }) {
    return services.twoFactor.status(caller);
  },
});
