import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { ProductSchema, ProductListQuerySchema } from '../../../../../services/catalogue/products.js';

export const getProducts = rpcMethod({
  path: 'CRM/Product/GetProducts',
  summary: 'The product catalogue',
  description: 'Retired products only with `includeRetired=true`. Readable with `Catalogue.Manage` or `Leads.Submit` (sign-up forms show the products).',
  auth: 'caller',
  input: ProductListQuerySchema,
  output: Type.Object({ items: Type.Array(ProductSchema) }),
  async handle({ caller, input, services }) {
    return { items: await services.products.list(caller, input) };
  },
});
