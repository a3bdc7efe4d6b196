import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { TenantConfigurationSchema } from '../../../../../services/settings/host-configuration.js';

export const getTenantConfiguration = rpcMethod({
  path: 'Platform/HostSettings/GetTenantConfiguration',
  summary: "The host's tenant configuration switches",
  auth: 'caller',
  input: Type.Object({}),
  output: TenantConfigurationSchema,
  async handle({ caller, services }) {
    return services.hostConfiguration.get(caller);
  },
});
