import { sql, type Kysely } from 'kysely';

/**
 * The tenant search at a million tenants (W3 in BENCHMARKS.md).
 *
 * B-tree indexes on `lower(column)` in byte order (`text_pattern_ops`) for the searchable text columns with many
 * distinct values, beside their trigram indexes (migration 0003): they serve the tenant search's `=` and
 * `starts with` (data/filter-sql.ts). A trigram index answers those too, but reads the posting list of every trigram
 * of the value; at a million tenants whose names share their first words (`starts with 'Bench Company 523411'`) that was
 * 50–150 ms a search, and `zip = 'Z523411'` 17 ms, against 0.1 ms through these. `contains` and `ends with` still
 * read the trigram indexes.
 *
 * The date columns' b-trees (0003) become partial ones over live tenants holding the id: the search reads a page's
 * ids first (data/tenant-search.ts), and a date range then finds them in the index alone, sorts those ids and reads
 * 50 rows. Before, the planner walked the primary key in id order, reading rows until 50 fell in the range: a week
 * among a million tenants took 15–32 ms a search, against 0.7 ms.
 */
// Not `state`, `country`, `classification` or `payment_type`: few distinct values, so an equal or a prefix matches a
// large share of the tenants and an index cannot make the answer small; each index costs the bulk import about 2 µs a
// tenant of the one backend's CPU (W6), measured at 18 µs for all eleven.
const columns = ['name', 'company_name', 'tenancy_name', 'sub_domain', 'street', 'city', 'zip'] as const;

const dateColumns = ['start_date', 'modified_at', 'next_billing_date'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of columns) {
    await sql`create index ${sql.id(`tenants_${column}_prefix_idx`)} on tenants (lower(${sql.ref(column)}) text_pattern_ops)`.execute(db);
  }
  for (const column of dateColumns) {
    await sql`create index ${sql.id(`tenants_${column}_live_idx`)} on tenants (${sql.ref(column)}, id) where deleted_at is null`.execute(db);
    await sql`drop index ${sql.id(`tenants_${column}_idx`)}`.execute(db);
  }
}
