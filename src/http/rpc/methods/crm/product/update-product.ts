import { rpcMethod } from '../../../define.js';
import { ProductChangeSchema, ProductSchema } from '../../../../../services/catalogue/products.js';

export const updateProduct = rpcMethod({
  path: 'CRM/Product/UpdateProduct',
  summary: 'Replace a product’s name, description and prices',
  description:
    'A price of the same payment period and currency keeps its id; prices not listed are removed. `isRetired` retires a product or offers it again. ' +
    'Invoices and subscriptions already written keep the prices they were written with.',
  auth: 'caller',
  input: ProductChangeSchema,
  output: ProductSchema,
  async handle({ caller, input, services }) {
    return services.products.update(caller, input.id, input);
  },
});
