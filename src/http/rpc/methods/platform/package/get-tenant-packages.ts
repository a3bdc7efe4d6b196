import { Type } from 'typebox';
import { Id } from '../../../../../services/contract-fields.js';
import { rpcMethod } from '../../../define.js';
import { PackageSchema } from '../../../../../services/catalogue/packages.js';

export const getTenantPackages = rpcMethod({
  path: 'Platform/Package/GetTenantPackages',
  summary: 'The packages one tenant has installed (its `appList`)',
  description: 'Deleted tenants’ packages stay readable until the tenant is purged.',
  auth: 'caller',
  input: Type.Object({ tenantId: Id() }),
  output: Type.Object({ items: Type.Array(PackageSchema) }),
  async handle({ caller, input, services }) {
    return { items: await services.packages.installedIn(caller, input.tenantId) };
  },
});
