import type { Data } from '../../data/index.js';
import type { TenantRow } from '../../data/tenants.js';
import { demand, type Caller } from '../../domain/caller.js';

/** One sort key of a tenant search: a searchable REST field name and its direction. */
export interface TenantSort {
  field: string;
  order: 'asc' | 'desc';
}

/** A tenant search as both dialects ask for it (AgileApps `filter`/`sortBy`/`page`; RPC `GetTenants`). */
export interface TenantSearchQuery {
  /** The AgileApps filter language; absent or blank: every live tenant. */
  filter?: string | undefined;
  sort: TenantSort[];
  /** 0-based page number. */
  page: number;
  pageSize: number;
  /** Also count every match (AgileApps `getTotalRecordCount`). */
  withTotal: boolean;
  /** Include soft-deleted tenants (host lists); never in the REST dialect. */
  includeDeleted?: boolean;
  /** Plain text matched, ignoring case, anywhere in the tenancy name or name (RPC `GetTenants`' `filter`). */
  text?: string | undefined;
}

export interface TenantSearchResult {
  tenants: TenantRow[];
  /** Present when `withTotal` was asked for. */
  total?: number;
}

export interface TenantSearch {
  search(caller: Caller, query: TenantSearchQuery): Promise<TenantSearchResult>;
}

/** Searches the tenant registry for platform operators (`Tenants.Manage`). */
export function createTenantSearch(data: Data): TenantSearch {
  return {
    async search(caller, query) {
      demand(caller, 'Tenants.Manage');
      return data.tenantSearch.search(query);
    },
  };
}
