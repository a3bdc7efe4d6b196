import { Type } from 'typebox';
import { Id } from '../../../../../services/contract-fields.js';
import { rpcMethod } from '../../../define.js';
import { restFieldOf } from '../../../../rest/tenant-fields.js';
import { TenantEditDtoSchema, inRpcNames, tenantEditDto, tenantEditInputFields, tenantUpdateOf } from './tenant-edit-fields.js';

export const updateTenant = rpcMethod({
  path: 'Platform/Tenant/UpdateTenant',
  summary: 'Change a live tenant’s fields (name, company, sub-domain, address, quotas, classification)',
  description:
    'Absent fields stay as they are; null or "" clears a field (`companyName`, `street`, `city` and `country` cannot be cleared). ' +
    'The rules are those of the REST tenant resource’s update, and every problem is named by its field here. ' +
    'Suspension and resumption are `SetTenantActive`.',
  auth: 'caller',
  input: Type.Object({ id: Id(), ...tenantEditInputFields }),
  output: TenantEditDtoSchema,
  async handle({ caller, input, services }) {
    const { update, problems } = tenantUpdateOf(input);
    await services.tenantRegistry.update(caller, input.id, update, problems, 'rpc').catch((error: unknown) => {
      throw inRpcNames(error, restFieldOf);
    });
    const [tenant] = (await services.tenantRegistry.read(caller, input.id)).tenants;
    return tenantEditDto(tenant!);
  },
});
