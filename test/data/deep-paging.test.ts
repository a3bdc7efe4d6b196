import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../src/data/database.js';
import { createData, type Queries } from '../../src/data/index.js';
import { migrateToLatest } from '../../src/data/migrator.js';
import { totalFromPage } from '../../src/data/page-total.js';
import { openTestDatabase, testEngines } from '../helpers/engines.js';

class RollBack extends Error {}

const ROWS = 1_500;

describe('the total a page tells', () => {
  it('is counted only when the page cannot tell it', () => {
    assert.equal(totalFromPage(0, 50, 3), 3, 'a first page that is not full');
    assert.equal(totalFromPage(0, 50, 0), 0, 'an empty list');
    assert.equal(totalFromPage(100, 50, 20), 120, 'a last page');
    assert.equal(totalFromPage(100, 50, 50), undefined, 'a full page: more may follow');
    assert.equal(totalFromPage(5_000, 50, 0), undefined, 'past the end: the page says nothing');
  });
});

/**
 * Deep pages of a tenant's users and API keys (W8 in BENCHMARKS.md) read their ids first, then their rows, and count
 * only when the page cannot tell the total: the pages are still the right rows, in order, with the right total —
 * also with deleted users (and their keys) and revoked keys left out. In one transaction, rolled back.
 */
for (const engine of testEngines()) {
  describe(`deep pages of users and API keys on ${engine.name}`, () => {
    let database: Database;
    before(async () => {
      database = await openTestDatabase(engine, { poolSize: 1 });
      await migrateToLatest(database);
    });
    after(() => database.close());

    const inTenantWithRows = async (check: (tx: Queries, tenantId: number, live: { users: number[]; keys: number[] }) => Promise<void>) => {
      await assert.rejects(
        database.db.transaction().execute(async (trx) => {
          const suffix = `${Date.now()}${randomInt(1e6)}`;
          const { rows } = await sql<{ id: number }>`insert into tenants (tenancy_name, name, number) values (${`page-${suffix}`}, 'Paging', ${randomInt(1e9) * 10}) returning id`.execute(trx);
          const tenantId = rows[0]!.id;
          await sql`
            insert into users (tenant_id, user_name, email, name, surname, password_hash)
            select ${tenantId}, 'user' || g, 'user' || g || '@page.example', 'Page', 'User ' || g, 'x' from generate_series(1, ${ROWS}) g`.execute(trx);
          // Every seventh user deleted; every fifth key revoked; keys made a second apart, some at the same time.
          await sql`update users set deleted_at = now() where tenant_id = ${tenantId} and id % 7 = 0`.execute(trx);
          await sql`
            insert into api_keys (tenant_id, user_id, name, prefix, secret_hash, expires_at, created_at, revoked_at)
            select u.tenant_id, u.id, 'key ' || u.id, 'p' || u.id || ${suffix}, decode(md5(u.id::text), 'hex'), now() + interval '1 day',
                   timestamptz '2026-01-01' + (u.id / 2) * interval '1 second', case when u.id % 5 = 0 then now() end
            from users u where u.tenant_id = ${tenantId}`.execute(trx);
          await sql`analyze users`.execute(trx);
          await sql`analyze api_keys`.execute(trx);
          const users = (await sql<{ id: number }>`select id from users where tenant_id = ${tenantId} and deleted_at is null order by id`.execute(trx)).rows.map((r) => r.id);
          const keys = (
            await sql<{ id: number }>`
              select k.id from api_keys k join users u on u.tenant_id = k.tenant_id and u.id = k.user_id
              where k.tenant_id = ${tenantId} and k.revoked_at is null and u.deleted_at is null order by k.created_at desc, k.id desc`.execute(trx)
          ).rows.map((r) => r.id);
          await check(createData(trx), tenantId, { users, keys });
          throw new RollBack();
        }),
        RollBack,
      );
    };

    it('pages users by id to the end, with the total', async () => {
      await inTenantWithRows(async (tx, tenantId, live) => {
        for (const skip of [0, 50, live.users.length - 50, live.users.length - 20, live.users.length + 10]) {
          const page = await tx.userDirectory.search(tenantId, { sort: [], skip, take: 50 });
          assert.deepEqual(page.rows.map((r) => r.id), live.users.slice(skip, skip + 50), `skip ${skip}`);
          assert.equal(page.total, live.users.length, `total at skip ${skip}`);
        }
        const byName = await tx.userDirectory.search(tenantId, { sort: [{ field: 'surname', order: 'desc' }], skip: 10, take: 5 });
        const expected = (await tx.userDirectory.search(tenantId, { sort: [{ field: 'surname', order: 'desc' }], skip: 0, take: 15 })).rows.slice(10).map((r) => r.id);
        assert.deepEqual(byName.rows.map((r) => r.id), expected, 'another order pages the same way');
      });
    });

    it('pages API keys newest first to the end, with the total, of all users or one', async () => {
      await inTenantWithRows(async (tx, tenantId, live) => {
        for (const skip of [0, 50, live.keys.length - 50, live.keys.length - 20, live.keys.length + 10]) {
          const page = await tx.apiKeys.list(tenantId, { skip, take: 50 });
          assert.deepEqual(page.items.map((k) => k.id), live.keys.slice(skip, skip + 50), `skip ${skip}`);
          assert.equal(page.total, live.keys.length, `total at skip ${skip}`);
        }
        const one = await tx.apiKeys.list(tenantId, { userId: live.users[1]!, skip: 0, take: 50 });
        assert.equal(one.total, one.items.length);
        assert.ok(one.items.every((k) => k.user_id === live.users[1]));
      });
    });
  });
}
