import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { AccountSettingsChangeSchema } from '../../../../../services/settings/account-settings.js';
import { GeneralSettingsInput } from './update-general-settings.js';

/** `UpdateAllSettings`' input, of `TenantSettings` and `HostSettings` alike. */
export const AllSettingsInput = Type.Object({ general: Type.Optional(GeneralSettingsInput), ...AccountSettingsChangeSchema.properties });

export const updateAllSettings = rpcMethod({
  path: 'Platform/TenantSettings/UpdateAllSettings',
  summary: "Change the caller's tenant's settings, ABP's `TenantSettingsEditDto` (a host caller: the host defaults)",
  description:
    'Every section and field is optional: what is absent stays. `security.useDefaultPasswordComplexitySettings: true` drops the ' +
    "tenant's own complexity (the host's applies); `security.defaultPasswordComplexity` is ignored. The new password policy applies " +
    'to every password set from now on; the lockout to the next sign-in. A bad value is a 400 naming it; nothing is changed then.',
  auth: 'caller',
  input: AllSettingsInput,
  output: null,
  async handle({ caller, input, services }) {
    await services.allSettings.update(caller, 'tenant', input);
  },
});
