import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../src/data/database.js';
import { APP_ROLE, createData, tenantScope, type Data } from '../../src/data/index.js';
import { migrateToLatest } from '../../src/data/migrator.js';
import { provisionTenant, type ProvisionedTenant } from '../../src/services/tenants/provisioning.js';
import { openTestDatabase, testEngines } from '../helpers/engines.js';
import { unique } from '../helpers/fixtures.js';

/**
 * Row-level security, the backstop under the tenant filters (migration 0012, docs/security.md). The tests connect
 * as a superuser on PostgreSQL, which no policy confines: what they prove holds because tenant-scoped
 * transactions switch to the `tenantry_app` role.
 */
for (const engine of testEngines()) {
  describe(`row-level security on ${engine.name}`, () => {
    let database: Database;
    let data: Data;
    let a: ProvisionedTenant;
    let b: ProvisionedTenant;
    before(async () => {
      database = await openTestDatabase(engine);
      await migrateToLatest(database);
      data = createData(database.db);
      const provision = (tenancyName: string) =>
        data.transaction((tx) =>
          provisionTenant(tx, { tenancyName, name: tenancyName, admin: { email: `${tenancyName.toLowerCase()}@example.com`, passwordHash: 'x', isEmailConfirmed: true } }),
        );
      a = await provision(unique('Rls'));
      b = await provision(unique('Rls'));
    });
    after(() => database.close());

    /** Runs raw queries (no query module, so no tenant filter) inside the statements a tenant transaction opens with. */
    const asTenant = <T>(tenantId: number, work: (db: Database['db']) => Promise<T>) =>
      database.db.connection().execute(async (connection) => {
        await sql.raw(tenantScope(tenantId)).execute(connection);
        try {
          return await work(connection);
        } finally {
          await sql`rollback`.execute(connection);
        }
      });

    it('gives every table with a tenant_id column, and the tenant registry, a policy for the application role', async () => {
      const unprotected = await sql<{ table_name: string }>`
        select c.relname as table_name
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relkind = 'r'
          and (c.relname = 'tenants' or exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped))
          and (not c.relrowsecurity or not exists (
            select 1 from pg_policies p where p.schemaname = n.nspname and p.tablename = c.relname and ${APP_ROLE} = any (p.roles)))
        order by 1`.execute(database.db);
      assert.deepEqual(unprotected.rows.map((r) => r.table_name), [], 'every tenant-owned table needs a row-level security policy (see migration 0012)');
    });

    it('runs a tenant transaction as the application role, which is no superuser and owns no table', async () => {
      const who = await asTenant(a.tenant.id, async (db) =>
        (await sql<{ user: string; superuser: boolean; tenant: string }>`
          select current_user as user, (select rolsuper from pg_roles where rolname = current_user) as superuser,
                 current_setting('tenantry.tenant_id') as tenant`.execute(db)).rows[0]!,
      );
      assert.deepEqual(who, { user: APP_ROLE, superuser: false, tenant: String(a.tenant.id) });
      const after = (await sql<{ user: string }>`select current_user as user`.execute(database.db)).rows[0]!;
      assert.notEqual(after.user, APP_ROLE, 'the role ends with the transaction');
    });

    it('returns nothing of another tenant to a query that forgets its tenant filter', async () => {
      const users = await asTenant(a.tenant.id, (db) => db.selectFrom('users').select(['tenant_id', 'id']).execute());
      assert.ok(users.length > 0);
      assert.deepEqual([...new Set(users.map((u) => u.tenant_id))], [a.tenant.id]);
      const tenants = await asTenant(a.tenant.id, (db) => db.selectFrom('tenants').select('id').execute());
      assert.deepEqual(tenants.map((t) => t.id), [a.tenant.id]);
      const roles = await asTenant(a.tenant.id, (db) => db.selectFrom('roles').select('tenant_id').distinct().execute());
      assert.deepEqual(roles.map((r) => r.tenant_id), [a.tenant.id]);
      const hostSeesAll = await database.db.selectFrom('users').select('tenant_id').distinct().execute();
      assert.ok(hostSeesAll.some((u) => u.tenant_id === b.tenant.id), 'outside a tenant transaction (the host) every row is there');
    });

    it('changes and writes nothing of another tenant, whatever the query says', async () => {
      const changed = await asTenant(a.tenant.id, (db) => db.updateTable('users').set({ name: 'Hijacked' }).where('tenant_id', '=', b.tenant.id).executeTakeFirst());
      assert.equal(changed.numUpdatedRows, 0n);
      const deleted = await asTenant(a.tenant.id, (db) => db.deleteFrom('roles').where('tenant_id', '=', b.tenant.id).executeTakeFirst());
      assert.equal(deleted.numDeletedRows, 0n);
      await assert.rejects(
        asTenant(a.tenant.id, (db) => db.insertInto('audit_log').values({ tenant_id: b.tenant.id, action: 'forged' }).execute()),
        /row-level security/,
      );
      const stored = await data.users.findById(b.tenant.id, b.admin.id);
      assert.notEqual(stored?.name, 'Hijacked');
    });

    it('sees nothing at all when no tenant is set', async () => {
      const rows = await database.db.connection().execute(async (connection) => {
        await sql.raw(`begin; select set_config('role', '${APP_ROLE}', true)`).execute(connection);
        try {
          return await connection.selectFrom('users').select('id').execute();
        } finally {
          await sql`rollback`.execute(connection);
        }
      });
      assert.deepEqual(rows, []);
    });

    it('confines the query modules in Data.tenantTransaction and keeps the host defaults readable', async () => {
      const seen = await data.tenantTransaction(a.tenant.id, async (tx) => ({
        own: await tx.users.findById(a.tenant.id, a.admin.id),
        other: await tx.users.findById(b.tenant.id, b.admin.id),
        hostDefaults: await tx.settings.find(0),
      }));
      assert.equal(seen.own?.id, a.admin.id);
      assert.equal(seen.other, undefined, "another tenant's user is not there, even asked for by its key");
      assert.ok(seen.hostDefaults, 'the host defaults a tenant inherits stay readable');
    });

    it('rolls a failed tenant transaction back', async () => {
      await assert.rejects(
        data.tenantTransaction(a.tenant.id, async (tx) => {
          await tx.users.update(a.tenant.id, a.admin.id, { name: 'Rolled back' });
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.notEqual((await data.users.findById(a.tenant.id, a.admin.id))?.name, 'Rolled back');
    });

    it('lets the application role neither update nor delete audit entries', async () => {
      const privileges = await sql<{ update: boolean; delete: boolean; insert: boolean }>`
        select has_table_privilege(${APP_ROLE}, 'audit_log', 'UPDATE') as update,
               has_table_privilege(${APP_ROLE}, 'audit_log', 'DELETE') as delete,
               has_table_privilege(${APP_ROLE}, 'audit_log', 'INSERT') as insert`.execute(database.db);
      assert.deepEqual(privileges.rows[0], { update: false, delete: false, insert: true });
    });
  });
}
