import { Type } from 'typebox';
import type { Caller } from '../../../../../domain/caller.js';
import type { Services } from '../../../../../services/index.js';
import type { TenantSearchQuery } from '../../../../../services/tenants/search.js';
import { rpcMethod } from '../../../define.js';
import { pagingArguments } from '../../../../../services/contract-fields.js';

const TenantListItemSchema = Type.Object({
  id: Type.Integer(),
  tenancyName: Type.String(),
  name: Type.String(),
  companyName: Type.Union([Type.String(), Type.Null()]),
  isActive: Type.Boolean(),
  isDeleted: Type.Boolean(),
  deletionTime: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  creationTime: Type.String({ format: 'date-time' }),
});

export const getTenants = rpcMethod({
  path: 'Platform/Tenant/GetTenants',
  summary: 'The host’s list of tenants, one page at a time, deleted ones on request',
  description: '`filter` matches, ignoring case, anywhere in the tenancy name or name. Ordered by id.',
  auth: 'caller',
  input: Type.Object({
    filter: Type.Optional(Type.String({ maxLength: 128 })),
    includeDeleted: Type.Boolean({ default: false }),
    ...pagingArguments,
  }),
  output: Type.Object({ totalCount: Type.Integer(), items: Type.Array(TenantListItemSchema) }),
  async handle({ caller, input, services }) {
    const { total, tenants } = await searchBySkip(services, caller, {
      text: input.filter,
      includeDeleted: input.includeDeleted,
      sort: [],
      skip: input.skipCount,
      take: input.maxResultCount,
    });
    return {
      totalCount: total,
      items: tenants.map((t) => ({
        id: t.id,
        tenancyName: t.tenancy_name,
        name: t.name,
        companyName: t.company_name,
        isActive: t.is_active,
        isDeleted: t.deleted_at !== null,
        deletionTime: t.deleted_at?.toISOString() ?? null,
        creationTime: t.created_at.toISOString(),
      })),
    };
  },
});

/**
 * ABP pages by `skipCount`/`maxResultCount`, the tenant search by page number: a skip that is not a whole number
 * of pages is served from the two pages it straddles.
 */
async function searchBySkip(
  services: Services,
  caller: Caller,
  query: Omit<TenantSearchQuery, 'page' | 'pageSize' | 'withTotal'> & { skip: number; take: number },
) {
  const { skip, take, ...rest } = query;
  const page = Math.floor(skip / take);
  const offset = skip % take;
  const first = await services.tenantSearch.search(caller, { ...rest, page, pageSize: take, withTotal: true });
  let tenants = first.tenants.slice(offset);
  if (offset > 0 && first.tenants.length === take) {
    const next = await services.tenantSearch.search(caller, { ...rest, page: page + 1, pageSize: take, withTotal: false });
    tenants = tenants.concat(next.tenants.slice(0, offset));
  }
  return { total: first.total ?? 0, tenants };
}
