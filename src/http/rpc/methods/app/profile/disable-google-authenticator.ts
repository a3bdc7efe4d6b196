import { rpcMethod } from '../../../define.js';
import { DisableTwoFactorInputSchema } from '../../../../../services/two-factor/two-factor.js';

export const disableGoogleAuthenticator = rpcMethod({
  path: 'app/Profile/DisableGoogleAuthenticator',
  summary: 'Turn two-factor sign-in off, with your password',
  description:
    'A wrong password is a 400 naming `password`; not enrolled is a 409. The secret, the unused recovery codes and every ' +
    'remembered browser (`twoFactorRememberClientToken`) end at once. API keys cannot call it (403).',
  auth: 'caller',
  input: DisableTwoFactorInputSchema,
  output: null,
  async handle({ caller, input, services }) {
    await services.twoFactor.disable(caller, input);
  },
});
