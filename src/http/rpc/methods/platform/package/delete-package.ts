import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';

export const deletePackage = rpcMethod({
  path: 'Platform/Package/DeletePackage',
  summary: 'Remove a package no tenant has installed (built-in packages stay)',
  auth: 'caller',
  input: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
  output: null,
  async handle({ caller, input, services }) {
    await services.packages.delete(caller, input.id);
  },
});
