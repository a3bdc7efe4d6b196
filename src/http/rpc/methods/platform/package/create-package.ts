import { rpcMethod } from '../../../define.js';
import { PackageInputSchema, PackageSchema } from '../../../../../services/catalogue/packages.js';

export const createPackage = rpcMethod({
  path: 'Platform/Package/CreatePackage',
  summary: 'Add a package (app) to the catalogue that tenants can have installed',
  description: 'Without `id`, a 32-hex-digit installation id is generated. The REST create names packages by this id in `appList`.',
  auth: 'caller',
  input: PackageInputSchema,
  output: PackageSchema,
  async handle({ caller, input, services }) {
    return services.packages.create(caller, input);
  },
});
