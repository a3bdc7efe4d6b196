import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { Id } from '../../../../../services/contract-fields.js';

export const deleteProduct = rpcMethod({
  path: 'CRM/Product/DeleteProduct',
  summary: 'Delete a product, or retire it when a lead, subscription or invoice names it',
  auth: 'caller',
  input: Type.Object({ id: Id() }),
  output: null,
  async handle({ caller, input, services }) {
    await services.products.delete(caller, input.id);
  },
});
