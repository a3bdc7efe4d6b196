import { rpcMethod } from '../../../define.js';
import { AllSettingsChangeSchema } from '../../../../../services/settings/all-settings.js';

export const updateHostAllSettings = rpcMethod({
  path: 'Platform/HostSettings/UpdateAllSettings',
  summary: "Change the host's settings: the password policy, lockout and e-mail confirmation of every tenant without its own",
  description:
    'The same input as `TenantSettings/UpdateAllSettings`. A change reaches at once every tenant that has not set the value itself ' +
    '(new tenants included). Host operators only (403 for a tenant caller).',
  auth: 'caller',
  input: AllSettingsChangeSchema,
  output: null,
  async handle({ caller, input, services }) {
    await services.allSettings.update(caller, 'host', input);
  },
});
