import { sql } from 'kysely';
import { HOST_TENANT_ID } from '../domain/caller.js';
import { AppError } from '../domain/errors.js';
import { tenantField } from '../domain/tenant-fields.js';
import type { Executor } from './executor.js';
import type { TenantRow } from './tenants.js';

export interface TenantSearchSpec {
  filter?: string | undefined;
  sort: { field: string; order: 'asc' | 'desc' }[];
  page: number;
  pageSize: number;
  withTotal: boolean;
  includeDeleted?: boolean;
}

/** Paged, sorted look-ups over the tenant registry; the host row is never part of it. */
export function tenantSearchQueries(db: Executor) {
  return {
    async search(spec: TenantSearchSpec): Promise<{ tenants: TenantRow[]; total?: number }> {
      if (spec.filter?.trim()) throw AppError.field('filter', 'Filtering is not available yet.');
      let base = db.selectFrom('tenants').where('id', '<>', HOST_TENANT_ID);
      if (!spec.includeDeleted) base = base.where('deleted_at', 'is', null);
      let query = base.selectAll();
      for (const key of spec.sort) {
        const field = tenantField(key.field);
        if (!field?.searchable || !field.column) throw AppError.field('sortBy', `"${key.field}" is not a field that can be sorted on.`);
        query = query.orderBy(sql.ref(field.column), key.order);
      }
      const tenants = await query.orderBy('id', 'asc').limit(spec.pageSize).offset(spec.page * spec.pageSize).execute();
      if (!spec.withTotal) return { tenants };
      const count = await base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
      return { tenants, total: Number(count.count) };
    },
  };
}

export type TenantSearchQueries = ReturnType<typeof tenantSearchQueries>;
