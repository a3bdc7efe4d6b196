import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { PackageSchema, packageDto } from './schemas.js';

export const createPackage = rpcMethod({
  path: 'Platform/Package/CreatePackage',
  summary: 'Add a package (app) to the catalogue that tenants can have installed',
  description: 'Without `id`, a 32-hex-digit installation id is generated. The REST create names packages by this id in `appList`.',
  auth: 'caller',
  input: Type.Object({
    id: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    name: Type.String({ minLength: 1, maxLength: 128 }),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  }),
  output: PackageSchema,
  async handle({ caller, input, services }) {
    return packageDto(await services.packages.create(caller, input));
  },
});
