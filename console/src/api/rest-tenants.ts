import { api } from './client';
import { toApiError } from './errors';

/** A tenant as the REST dialect renders it in JSON: scalars are strings, lookups objects with `content`. */
export type RestValue = string | { content?: string; displayValue?: string; uri?: string };
export type RestTenant = Record<string, RestValue>;

export interface TenantPage {
  tenants: RestTenant[];
  total: number;
}

export interface TenantQuery {
  filter: string;
  page: number;
  pageSize: number;
  sortBy: string;
  sortOrder: 'asc' | 'desc';
}

export const LIST_FIELDS = ['id', 'name', 'company', 'active', 'city', 'country', 'date_modified'];

interface Platform {
  platform?: { tenant?: RestTenant | RestTenant[]; totalRecordCount?: string };
}

/** One page of the tenant search, through the REST resource and its filter language. */
export async function searchTenants(query: TenantQuery): Promise<TenantPage> {
  const { data, error, response } = await api.GET('/networking/rest/tenant', {
    params: {
      query: {
        alt: 'json',
        fieldList: LIST_FIELDS.join(','),
        getTotalRecordCount: 'true',
        page: String(query.page),
        pageSize: String(query.pageSize),
        sortBy: query.sortBy,
        sortOrder: query.sortOrder,
        ...(query.filter.trim() ? { filter: query.filter } : {}),
      },
    },
  });
  if (!response.ok) throw toApiError(response.status, error ?? null);
  const platform = (data as Platform | undefined)?.platform;
  const found = platform?.tenant;
  const tenants = found === undefined ? [] : Array.isArray(found) ? found : [found];
  return { tenants, total: Number(platform?.totalRecordCount ?? tenants.length) };
}

/** One tenant with every field. */
export async function readTenant(id: number): Promise<RestTenant> {
  const { data, error, response } = await api.GET('/networking/rest/tenant/{id}', { params: { path: { id: String(id) }, query: { alt: 'json' } } });
  if (!response.ok) throw toApiError(response.status, error ?? null);
  const tenant = (data as Platform | undefined)?.platform?.tenant;
  return (Array.isArray(tenant) ? tenant[0] : tenant) ?? {};
}

export interface NewTenant {
  company: string;
  name: string;
  email: string;
  first_name: string;
  last_name: string;
  password: string;
  phone: string;
  street: string;
  city: string;
  country: string;
  time_zone: string;
}

/** Creates a tenant and its admin; answers the new id. */
export async function createTenant(tenant: NewTenant): Promise<number> {
  const { data, error, response } = await api.POST('/networking/rest/tenant', {
    params: {},
    body: { platform: { tenant } } as never,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
  });
  if (!response.ok) throw toApiError(response.status, error ?? null);
  return Number((data as { platform?: { message?: { id?: string } } } | undefined)?.platform?.message?.id);
}

/** The text of a field, whatever its shape. */
export function text(value: RestValue | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : (value.displayValue || value.content || '');
}
