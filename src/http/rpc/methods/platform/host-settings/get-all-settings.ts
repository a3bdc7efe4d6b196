import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { AllSettingsSchema } from '../../../../../services/settings/all-settings.js';

export const getHostAllSettings = rpcMethod({
  path: 'Platform/HostSettings/GetAllSettings',
  summary: "The host's settings, ABP's `HostSettingsEditDto`: the defaults of every tenant without values of its own",
  description: 'The same sections as `TenantSettings/GetAllSettings`. Host operators only (403 for a tenant caller).',
  auth: 'caller',
  input: Type.Object({}),
  output: AllSettingsSchema,
  async handle({ caller, services }) {
    return services.allSettings.get(caller, 'host');
  },
});
