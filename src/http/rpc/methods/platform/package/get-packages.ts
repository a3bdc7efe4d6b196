import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { PackageSchema } from '../../../../../services/catalogue/packages.js';

export const getPackages = rpcMethod({
  path: 'Platform/Package/GetPackages',
  summary: 'The package catalogue, built-in ServiceDesk package included',
  auth: 'caller',
  input: Type.Object({}),
  output: Type.Object({ items: Type.Array(PackageSchema) }),
  async handle({ caller, services }) {
    return { items: await services.packages.list(caller) };
  },
});
