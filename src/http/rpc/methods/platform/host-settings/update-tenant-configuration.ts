import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { TenantConfigurationSchema } from '../../../../../services/settings/host-configuration.js';

export const updateTenantConfiguration = rpcMethod({
  path: 'Platform/HostSettings/UpdateTenantConfiguration',
  summary: "Change the host's tenant configuration switches (those given; the others stay)",
  auth: 'caller',
  input: Type.Partial(TenantConfigurationSchema),
  output: TenantConfigurationSchema,
  async handle({ caller, input, services }) {
    return services.hostConfiguration.update(caller, input);
  },
});
