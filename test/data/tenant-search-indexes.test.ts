import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../src/data/database.js';
import { filterToSql } from '../../src/data/filter-sql.js';
import { migrateToLatest } from '../../src/data/migrator.js';
import { HOST_TENANT_ID } from '../../src/domain/caller.js';
import { parseTenantFilter } from '../../src/domain/filter/index.js';
import { openTestDatabase, testEngines } from '../helpers/engines.js';

/** Carries the plans out of the transaction that is rolled back so the 20,000 tenants leave no trace. */
class RollBack extends Error {
  constructor(readonly plans: Record<string, string>) {
    super('roll back');
  }
}

const SEEDED = 20_000;

/**
 * The compiled filters meet the indexes of migrations 0003 and 0034: with 20,000 tenants and fresh statistics, a
 * selective `contains` or `ends with` is answered through the trigram index on `lower(column)`, `starts with` and
 * `=` through the byte-ordered b-tree on it, a date range through its b-tree. Everything happens in one transaction that is rolled back (statistics included).
 */
for (const engine of testEngines()) {
  describe(`tenant search indexes on ${engine.name}`, () => {
    let database: Database;
    let plans: Record<string, string>;
    const suffix = `${Date.now()}${randomInt(1e6)}`;

    before(async () => {
      database = await openTestDatabase(engine, { poolSize: 1 });
      await migrateToLatest(database);
      const filters = {
        contains: "city contains 'c0ffe'",
        startsWith: "company starts with 'acme 1234'",
        endsWith: "name ends with 'beef'",
        equals: "zip = 'Z-00042'",
        dayRange: 'start_date < 1990-01-02',
      };
      try {
        await database.db.transaction().execute(async (trx) => {
          await sql`
            insert into tenants (tenancy_name, name, number, city, company_name, zip, start_date)
            select 'ix' || g || '-' || ${suffix}, 'Tenant ' || md5(g::text), cast(${randomInt(1e9) * 1e5} as bigint) + g,
                   'City ' || md5('city' || g), 'Acme ' || g, 'Z-' || lpad(g::text, 5, '0'),
                   timestamptz '2000-01-01' + g * interval '1 hour'
            from generate_series(1, ${SEEDED}) g`.execute(trx);
          // What autovacuum does in production: move the GIN indexes' pending entries into the index proper.
          await sql`select gin_clean_pending_list(indexrelid) from pg_index where indrelid = 'tenants'::regclass and indexrelid::regclass::text like '%trgm_idx'`.execute(trx);
          await sql`analyze tenants`.execute(trx);
          const found: Record<string, string> = {};
          for (const [name, filter] of Object.entries(filters)) {
            const query = trx
              .selectFrom('tenants')
              .selectAll()
              .where('id', '<>', HOST_TENANT_ID)
              .where('deleted_at', 'is', null)
              .where(filterToSql(parseTenantFilter(filter)));
            const rows = await query.explain();
            found[name] = rows.map((row) => Object.values(row).join(' ')).join('\n');
          }
          throw new RollBack(found);
        });
      } catch (error) {
        if (!(error instanceof RollBack)) throw error;
        plans = error.plans;
      }
    });
    after(() => database.close());

    it('answers contains and ends with on text through the trigram indexes', () => {
      assert.match(plans.contains!, /tenants_city_trgm_idx/, plans.contains);
      assert.match(plans.endsWith!, /tenants_name_trgm_idx/, plans.endsWith);
    });

    it('answers starts with and equality on text through the byte-ordered b-trees', () => {
      assert.match(plans.startsWith!, /tenants_company_name_prefix_idx/, plans.startsWith);
      assert.match(plans.equals!, /tenants_zip_prefix_idx/, plans.equals);
    });

    it('answers a date range through the b-tree', () => {
      assert.match(plans.dayRange!, /tenants_start_date_live_idx/, plans.dayRange);
    });

    it('leaves no seeded tenant behind', async () => {
      const left = await sql<{ n: number }>`select count(*)::int as n from tenants where tenancy_name like ${`ix%-${suffix}`}`.execute(database.db);
      assert.equal(left.rows[0]!.n, 0);
    });
  });
}
