import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../src/data/database.js';
import { COORDINATOR_LOCAL, readCitusPlan, type CitusPlan } from '../helpers/citus-plan.js';
import { openTestDatabase, testEngines } from '../helpers/engines.js';
import { loadParser } from '../helpers/tenant-predicates.js';

/**
 * The schema meets what Citus requires of the plan in scripts/citus-distribute.sql (Citus itself is not
 * installable here, so its rules are checked on the migrated schema): every table is placed, every key and
 * unique index of a distributed table includes its distribution column, and every foreign key is one Citus allows.
 */
for (const engine of testEngines()) {
  describe(`the schema is ready for the Citus plan on ${engine.name}`, () => {
    let database: Database;
    let plan: CitusPlan;
    before(async () => {
      await loadParser();
      plan = readCitusPlan();
      database = await openTestDatabase(engine);
    });
    after(() => database.close());

    const tables = async () =>
      (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(database.db)).rows.map((r) => r.name);

    it('should place every table exactly once: distributed, reference, or coordinator-local', async () => {
      const placed = [...plan.distributed.keys(), ...plan.reference, ...COORDINATOR_LOCAL];
      assert.equal(new Set(placed).size, placed.length, 'no table is placed twice');
      const present = await tables();
      const unplaced = present.filter((table) => !placed.includes(table));
      assert.deepEqual(unplaced, [], 'a new table must be placed in scripts/citus-distribute.sql (or COORDINATOR_LOCAL)');
      assert.deepEqual(placed.filter((table) => !present.includes(table)), [], 'the plan places only tables that exist');
    });

    it('should distribute every table of a tenant’s own data by its tenant_id', async () => {
      const owned = (await sql<{ name: string }>`
        select c.table_name as name from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = 'public' and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'`.execute(database.db)).rows.map((r) => r.name);
      for (const table of owned) {
        if (plan.reference.has(table) || COORDINATOR_LOCAL.has(table)) continue;
        assert.equal(plan.distributed.get(table), 'tenant_id', table);
      }
      for (const [table, column] of plan.distributed) assert.ok(owned.includes(table), `${table} has the distribution column ${column}`);
    });

    it('should include the distribution column in every primary key and unique index of a distributed table', async () => {
      const indexes = (await sql<{ table: string; index: string; columns: string[] }>`
        select t.relname as "table", i.relname as "index",
          array(select a.attname from unnest(x.indkey) as k join pg_attribute a on a.attrelid = t.oid and a.attnum = k)::text[] as columns
        from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
        join pg_namespace n on n.oid = t.relnamespace
        where n.nspname = 'public' and x.indisunique`.execute(database.db)).rows;
      const offending = indexes.filter((i) => plan.distributed.has(i.table) && !i.columns.includes(plan.distributed.get(i.table)!)).map((i) => i.index);
      assert.deepEqual(offending, []);
    });

    it('should keep only the foreign keys Citus allows (distributed → reference, or between distributed tables on the distribution column)', async () => {
      const keys = (await sql<{ name: string; from: string; to: string; columns: string[]; referenced: string[] }>`
        select c.conname as name, f.relname as "from", r.relname as "to",
          array(select a.attname from unnest(c.conkey) as k join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k)::text[] as columns,
          array(select a.attname from unnest(c.confkey) as k join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k)::text[] as referenced
        from pg_constraint c join pg_class f on f.oid = c.conrelid join pg_class r on r.oid = c.confrelid
        where c.contype = 'f' and c.connamespace = 'public'::regnamespace`.execute(database.db)).rows;
      const offending = keys
        .filter((key) => !plan.droppedConstraints.has(key.name))
        .filter((key) => {
          if (plan.reference.has(key.to)) return !plan.distributed.has(key.from) && !plan.reference.has(key.from);
          if (!plan.distributed.has(key.to) || !plan.distributed.has(key.from)) return true;
          const at = key.columns.indexOf(plan.distributed.get(key.from)!);
          return at < 0 || key.referenced[at] !== plan.distributed.get(key.to);
        })
        .map((key) => `${key.name} (${key.from} → ${key.to})`);
      assert.deepEqual(offending, []);
      for (const name of plan.droppedConstraints) assert.ok(keys.some((key) => key.name === name), `the plan drops ${name}, which exists`);
    });
  });
}
