import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { TwoFactorLoginSettingsSchema } from '../../../../../services/two-factor/two-factor-settings.js';

export const getTwoFactorLoginSettings = rpcMethod({
  path: 'Platform/TenantSettings/GetTwoFactorLoginSettings',
  summary: "The caller's tenant's two-factor sign-in settings (a host caller: the host's own, for host users)",
  auth: 'caller',
  input: Type.Object({}),
  output: TwoFactorLoginSettingsSchema,
  async handle({ caller, services }) {
    return services.twoFactorSettings.get(caller);
  },
});
