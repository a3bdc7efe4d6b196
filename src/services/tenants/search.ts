import type { Data } from '../../data/index.js';
import type { TenantRow } from '../../data/tenants.js';
import { demand, type Caller } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import { checkSort, parseTenantFilter } from '../../domain/filter/index.js';
import { tenantField } from '../../domain/tenant-fields.js';
import { MAX_PAGE_SIZE } from '../../domain/paging.js';

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

/** The largest page a search answers (COMPAT-NOTES: larger is an error, not a silent cut). */

/** Searches the tenant registry for platform operators (`Tenants.Manage`). */
export function createTenantSearch(data: Data): TenantSearch {
  return {
    async search(caller, query) {
      demand(caller, 'Tenants.Manage');
      if (!Number.isSafeInteger(query.page) || query.page < 0) throw AppError.field('page', 'The page must be a whole number from 0.');
      if (!Number.isSafeInteger(query.pageSize) || query.pageSize < 1 || query.pageSize > MAX_PAGE_SIZE) {
        throw AppError.field('pageSize', `The page size must be a whole number from 1 to ${MAX_PAGE_SIZE}.`);
      }
      if (!Number.isSafeInteger(query.page * query.pageSize)) throw AppError.field('page', 'The page is beyond the last possible record.');
      const filter = query.filter?.trim() ? parseTenantFilter(query.filter) : undefined;
      const sort = checkSort(query.sort, tenantField);
      // Read-only: on the read replica when there is one (read-routing.ts).
      return (await data.reading()).tenantSearch.search({ ...query, filter, sort });
    },
  };
}
