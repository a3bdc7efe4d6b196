import { sql, type SelectQueryBuilder } from 'kysely';
import { HOST_TENANT_ID } from '../domain/caller.js';
import type { CheckedFilter, CheckedSortKey } from '../domain/filter/index.js';
import type { Executor } from './executor.js';
import type { Schema } from './schema.js';
import { containsPattern } from './like-patterns.js';
import { filterToSql } from './filter-sql.js';
import type { TenantRow } from './tenants.js';

/** A tenant search already checked by the service: a checked filter, resolved sort keys, valid paging. */
export interface TenantSearchSpec {
  filter?: CheckedFilter | undefined;
  sort: CheckedSortKey[];
  page: number;
  pageSize: number;
  withTotal: boolean;
  includeDeleted?: boolean;
  /** Plain text matched, ignoring case, anywhere in the tenancy name or the name (RPC `GetTenants`). */
  text?: string | undefined;
}

/** The search's order: the sort keys, empty fields last in either direction, then the id. */
function inSearchOrder<O>(query: SelectQueryBuilder<Schema, 'tenants', O>, sort: readonly CheckedSortKey[]): SelectQueryBuilder<Schema, 'tenants', O> {
  let sorted = query;
  // A list sorted by city should not open with tenants without one.
  for (const key of sort) {
    const column = key.text ? sql`lower(${sql.ref(key.column)})` : sql.ref(key.column);
    sorted = sorted.orderBy(column, (order) => (key.order === 'asc' ? order.asc() : order.desc()).nullsLast());
  }
  // Ties (and equal lower-cased text) fall back to the id, so pages never overlap or skip.
  return sorted.orderBy('id', 'asc');
}

/** Paged, sorted, filtered look-ups over the tenant registry; the host row is never part of it. */
export function tenantSearchQueries(db: Executor) {
  return {
    async search(spec: TenantSearchSpec): Promise<{ tenants: TenantRow[]; total?: number }> {
      let base = db.selectFrom('tenants').where('id', '<>', HOST_TENANT_ID);
      if (!spec.includeDeleted) base = base.where('deleted_at', 'is', null);
      if (spec.filter) base = base.where(filterToSql(spec.filter));
      const text = spec.text?.trim();
      if (text) {
        const pattern = containsPattern(text);
        base = base.where((eb) => eb.or([eb(sql`lower(tenancy_name)`, 'like', pattern), eb(sql`lower(name)`, 'like', pattern)]));
      }
      // The page's ids first, then its rows: the ids of a filtered page can often be found and sorted in an index
      // alone (a date range's live-tenant index, migration 0034), where walking the rows in order would read many.
      const pageIds = inSearchOrder(base.select('id'), spec.sort).limit(spec.pageSize).offset(spec.page * spec.pageSize);
      const tenants = await inSearchOrder(db.selectFrom('tenants').selectAll().where('id', 'in', pageIds), spec.sort).execute();
      if (!spec.withTotal) return { tenants };
      const count = await base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
      return { tenants, total: Number(count.count) };
    },
  };
}

export type TenantSearchQueries = ReturnType<typeof tenantSearchQueries>;
