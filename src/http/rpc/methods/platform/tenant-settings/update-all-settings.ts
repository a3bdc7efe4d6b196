import { rpcMethod } from '../../../define.js';
import { AllSettingsChangeSchema } from '../../../../../services/settings/all-settings.js';

export const updateAllSettings = rpcMethod({
  path: 'Platform/TenantSettings/UpdateAllSettings',
  summary: "Change the caller's tenant's settings, ABP's `TenantSettingsEditDto` (a host caller: the host defaults)",
  description:
    'Every section and field is optional: what is absent stays. `security.useDefaultPasswordComplexitySettings: true` drops the ' +
    "tenant's own complexity (the host's applies); `security.defaultPasswordComplexity` is ignored. The new password policy applies " +
    'to every password set from now on; the lockout to the next sign-in. A bad value is a 400 naming it; nothing is changed then.',
  auth: 'caller',
  input: AllSettingsChangeSchema,
  output: null,
  async handle({ caller, input, services }) {
    await services.allSettings.update(caller, 'tenant', input);
  },
});
