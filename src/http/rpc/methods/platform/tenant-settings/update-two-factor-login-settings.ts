import { rpcMethod } from '../../../define.js';
import { TwoFactorLoginSettingsSchema } from '../../../../../services/two-factor/two-factor-settings.js';

export const updateTwoFactorLoginSettings = rpcMethod({
  path: 'Platform/TenantSettings/UpdateTwoFactorLoginSettings',
  summary: "Set the caller's tenant's two-factor sign-in settings",
  description:
    'With `isRequiredForAdmins`, a signed-in user holding `Users.Manage` who has not enrolled an authenticator app can call only ' +
    'the enrolment methods, `GetCurrentLoginInformations`, `GetTwoFactorStatus` and `LogOut` (403 otherwise) until enrolled — at once, ' +
    'in sessions already open too. With `isRememberBrowserEnabled: false`, remember-client tokens are neither given nor accepted.',
  auth: 'caller',
  input: TwoFactorLoginSettingsSchema,
  output: TwoFactorLoginSettingsSchema,
  async handle({ caller, input, services }) {
    return services.twoFactorSettings.update(caller, input);
  },
});
