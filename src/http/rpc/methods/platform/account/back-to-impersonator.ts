import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { ImpersonateOutputSchema } from '../../../../../services/auth/impersonation.js';

export const backToImpersonator = rpcMethod({
  path: 'Platform/Account/BackToImpersonator',
  summary: 'End this impersonated session and get a token back to your own account',
  description:
    'The impersonated session ends at once; redeem `impersonationToken` (single use, one minute) at ' +
    '`POST /api/TokenAuth/ImpersonatedAuthenticate` for a new token pair of the session you impersonated from. ' +
    'A session that is not an impersonation is a 400.',
  auth: 'caller',
  // An impersonated administrator who must enrol two-factor sign-in cannot enrol (nor may the impersonator): the
  // way back stays open.
  openBeforeTwoFactorEnrolment: true,
  carriesCredential: true,
  input: Type.Object({}),
  output: ImpersonateOutputSchema,
  async handle({ caller, services }) {
    return services.impersonation.backToImpersonator(caller);
  },
});
