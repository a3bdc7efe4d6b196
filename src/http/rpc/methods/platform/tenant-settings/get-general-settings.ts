import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { GeneralSettingsSchema } from '../../../../../services/settings/general-settings.js';

export const getGeneralSettings = rpcMethod({
  path: 'Platform/TenantSettings/GetGeneralSettings',
  summary: "The caller's tenant's general settings (a host caller: the defaults new tenants inherit)",
  description:
    '`timezone` is `""` when the default applies; `timezoneForComparison` is the zone in effect (the tenant\'s own, else the host default, else UTC).',
  auth: 'caller',
  input: Type.Object({}),
  output: GeneralSettingsSchema,
  async handle({ caller, services }) {
    return services.generalSettings.get(caller);
  },
});
