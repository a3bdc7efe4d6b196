import { sql, type Kysely } from 'kysely';

/**
 * Indexes for the tenant search (data/tenant-search.ts, data/filter-sql.ts). Text filters compare
 * `lower(column)`; a trigram index on that expression serves `contains`, `starts with`, `ends with` and `=`
 * alike. Dates get b-trees for ranges and sorting (`number` already has its unique b-tree).
 */
const trigramColumns = [
  'name',
  'company_name',
  'tenancy_name',
  'sub_domain',
  'street',
  'city',
  'state',
  'zip',
  'country',
  'classification',
  'payment_type',
] as const;

const btreeColumns = ['start_date', 'modified_at', 'next_billing_date'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of trigramColumns) {
    await sql`create index ${sql.id(`tenants_${column}_trgm_idx`)} on tenants using gin (lower(${sql.ref(column)}) gin_trgm_ops)`.execute(db);
  }
  for (const column of btreeColumns) {
    await sql`create index ${sql.id(`tenants_${column}_idx`)} on tenants (${sql.ref(column)})`.execute(db);
  }
}
