import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../src/data/database.js';
import { migrateToLatest } from '../../src/data/migrator.js';
import { migrations } from '../../src/data/migrations/index.js';
import { openTestDatabase, testEngines } from '../helpers/engines.js';

// Tables that carry tenant_id without being distributed by it: the registry itself, the global event log, and the
// small global look-up tables that find a tenant from a key that arrives without one (DOMAIN.md, "Ownership and keys").
const NOT_TENANT_KEYED = new Set(['tenants', 'security_events', 'invoice_public_ids']);

for (const engine of testEngines()) {
  describe(`the schema on ${engine.name}`, () => {
    let database: Database;
    before(async () => {
      database = await openTestDatabase(engine);
      await migrateToLatest(database);
    });
    after(() => database.close());

    it('applies every migration once; running them again changes nothing', async () => {
      const again = await migrateToLatest(database);
      assert.deepEqual(again.results, []);
      const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(database.db);
      assert.deepEqual(
        applied.rows.map((r) => r.name),
        Object.keys(migrations).sort(),
      );
    });

    it('leads the primary key of every tenant-owned table with tenant_id, ready for sharding by tenant', async () => {
      const tables = await sql<{ table_name: string; key_columns: string[] }>`
        select c.table_name, array_agg(k.column_name::text order by k.ordinal_position) as key_columns
        from information_schema.columns c
        join information_schema.table_constraints t
          on t.table_schema = c.table_schema and t.table_name = c.table_name and t.constraint_type = 'PRIMARY KEY'
        join information_schema.key_column_usage k
          on k.constraint_name = t.constraint_name and k.table_schema = t.table_schema and k.table_name = t.table_name
        where c.table_schema = current_schema() and c.column_name = 'tenant_id'
        group by c.table_name`.execute(database.db);
      assert.ok(tables.rows.length >= 8, 'the tenant-owned tables were found');
      const misfits = tables.rows
        .filter((row) => !NOT_TENANT_KEYED.has(row.table_name) && row.key_columns[0] !== 'tenant_id')
        .map((row) => `${row.table_name} (${row.key_columns.join(', ')})`);
      assert.deepEqual(misfits, []);
    });

    it('has the trigram extension for text search on both engines', async () => {
      const ext = await sql<{ extname: string }>`select extname from pg_extension where extname = 'pg_trgm'`.execute(database.db);
      assert.equal(ext.rows.length, 1);
    });
  });
}
