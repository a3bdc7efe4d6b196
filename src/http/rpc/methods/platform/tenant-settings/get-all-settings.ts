import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { AllSettingsSchema } from '../../../../../services/settings/all-settings.js';

export const getAllSettings = rpcMethod({
  path: 'Platform/TenantSettings/GetAllSettings',
  summary: "The caller's tenant's settings in ABP's `TenantSettingsEditDto` shape (a host caller: the host defaults)",
  description:
    '`general` as `GetGeneralSettings` answers it; `userManagement.isEmailConfirmationRequiredForLogin`; `security.passwordComplexity` ' +
    '(in effect), `security.defaultPasswordComplexity` (the host\'s, which applies while `useDefaultPasswordComplexitySettings`) and ' +
    '`security.userLockOut`. A value the tenant never set is the host\'s, else the built-in default.',
  auth: 'caller',
  input: Type.Object({}),
  output: AllSettingsSchema,
  async handle({ caller, services }) {
    return services.allSettings.get(caller, 'tenant');
  },
});
