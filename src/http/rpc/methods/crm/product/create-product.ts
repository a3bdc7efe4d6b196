import { rpcMethod } from '../../../define.js';
import { ProductInputSchema, ProductSchema } from '../../../../../services/catalogue/products.js';

export const createProduct = rpcMethod({
  path: 'CRM/Product/CreateProduct',
  summary: 'Add a product to the catalogue, with a price per payment period and currency',
  description: 'Amounts are decimal numbers in their currency and are kept exactly (as whole cents, or the currency’s own minor unit).',
  auth: 'caller',
  input: ProductInputSchema,
  output: ProductSchema,
  async handle({ caller, input, services }) {
    return services.products.create(caller, input);
  },
});
