import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../helpers/engines.js';
import { createTenant, createUser, unique } from '../../helpers/fixtures.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { API_KEY_DELETE, API_KEY_GENERATE, API_KEY_GET_ALL, API_KEY_UPDATE, generateKey, inFuture, invalidMembers } from '../../helpers/api-key-fixtures.js';
import { WHO_AM_I } from '../../helpers/http.js';

const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true';

for (const engine of testEngines()) {
  describe(`Platform/ApiKey management on ${engine.name}`, () => {
    let t: TestApp;
    let tenant: Awaited<ReturnType<typeof createTenant>>;
    let adminToken: string;
    before(async () => {
      t = await startTestApp(engine);
      tenant = await createTenant(t);
      adminToken = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
    });
    after(() => t.close());

    it('generates a key with the documented fields only, from the spec’s request with its OData content type', async () => {
      const expirationDate = inFuture(86_400_000);
      const answer = await t.http.post(API_KEY_GENERATE, undefined, {
        token: adminToken,
        raw: JSON.stringify({ name: 'Zapier', expirationDate, userId: 0, paths: 'app/Session/GetCurrentLoginInformations' }),
        headers: { accept: ODATA_JSON, 'content-type': ODATA_JSON },
      });
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(Object.keys(answer.body).sort(), ['creationTime', 'expirationDate', 'id', 'key', 'name', 'paths', 'userId', 'userName']);
      assert.equal(answer.body.name, 'Zapier');
      assert.equal(answer.body.expirationDate, expirationDate);
      assert.equal(answer.body.userId, tenant.admin.id);
      assert.equal(answer.body.userName, 'admin');
      assert.equal(answer.body.paths, '/app/session/getcurrentlogininformations');
      assert.ok(Number.isInteger(answer.body.id) && answer.body.id > 0);
      assert.ok(Math.abs(Date.parse(answer.body.creationTime) - Date.now()) < 3_600_000, 'creationTime is a real date');
      assert.match(answer.body.key, new RegExp(`^tnt_${tenant.tenant.id}_${answer.body.id}_[0-9A-Za-z]{49}$`));
    });

    it('shows the key once: lists never show it and the database holds only a hash of its secret', async () => {
      const generated = await generateKey(t, adminToken);
      const secret = generated.key.split('_')[3]!.slice(0, 43);
      const list = await t.http.get(`${API_KEY_GET_ALL}?maxResultCount=1000`, { token: adminToken });
      assert.equal(list.status, 200);
      const item = list.body.items.find((i: { id: number }) => i.id === generated.id);
      assert.ok(item, 'the new key is listed');
      assert.equal(item.key, undefined);
      assert.ok(!list.text.includes(secret), 'no part of the secret beyond its first characters is listed');
      assert.equal(item.keyPrefix, generated.key.slice(0, item.keyPrefix.length));
      assert.ok(item.keyPrefix.length < generated.key.length - 40);

      const row = await t.database.db.selectFrom('api_keys').selectAll().where('id', '=', generated.id).executeTakeFirstOrThrow();
      assert.equal(row.secret_hash.length, 32, 'a SHA-256 hash');
      const stored = JSON.stringify({ ...row, secret_hash: row.secret_hash.toString('hex') }) + row.secret_hash.toString('latin1');
      assert.ok(!stored.includes(secret), 'the secret is not stored');
      assert.ok(!stored.includes(generated.key), 'the key is not stored');
      assert.equal(row.tenant_id, tenant.tenant.id);
      assert.equal(row.created_by_user_id, tenant.admin.id);
    });

    it('answers the spec’s placeholder bodies with a 400 naming expirationDate and paths', async () => {
      for (const expirationDate of ['2024-06-21T08:58:52.393Z', '2024-06-21T23:56:38.628Z']) {
        const answer = await t.http.post(API_KEY_GENERATE, { name: 'string', expirationDate, userId: 0, paths: 'string' }, { token: adminToken });
        assert.equal(answer.status, 400);
        assert.deepEqual(invalidMembers(answer.body), ['expirationDate', 'paths']);
        assert.equal(answer.body.success, false);
      }
    });

    it('rejects bad names, expirations and paths with a 400 naming the field', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ name: '' }, 'name'],
        [{ name: '   ' }, 'name'],
        [{ name: 'x'.repeat(129) }, 'name'],
        [{ expirationDate: 'tomorrow' }, 'expirationDate'],
        [{ expirationDate: '2030-02-31T00:00:00Z' }, 'expirationDate'],
        [{ expirationDate: '2038-01-19T03:14:08Z' }, 'expirationDate'],
        [{ expirationDate: new Date(Date.now() - 1000).toISOString() }, 'expirationDate'],
        [{ expirationDate: undefined }, 'expirationDate'],
        [{ expirationDate: null }, 'expirationDate'],
        [{ paths: 'Platform/ApiKey' }, 'paths'],
        [{ paths: 'app/Session/GetCurrentLoginInformations, /api/services/Platform' }, 'paths'],
        [{ paths: '/networking/rest' }, 'paths'],
        [{ paths: 'Platform/ApiKey/Get All' }, 'paths'],
        [{ userId: -1 }, 'userId'],
      ];
      for (const [change, field] of cases) {
        const body = { name: unique('key'), expirationDate: inFuture(), ...change };
        const answer = await t.http.post(API_KEY_GENERATE, body, { token: adminToken });
        assert.equal(answer.status, 400, JSON.stringify(change));
        assert.deepEqual(invalidMembers(answer.body), [field], JSON.stringify(change));
      }
      const longest = await t.http.post(API_KEY_GENERATE, { name: 'x'.repeat(128), expirationDate: '2038-01-19T03:14:07Z' }, { token: adminToken });
      assert.equal(longest.status, 200, 'a 128-character name and the latest expiration are accepted');
    });

    it('accepts method paths in any case, with or without /api/services/, and REST paths; stores them normalised', async () => {
      const paths = ' /API/Services/Platform/ApiKey/GetAll ,app/session/GetCurrentLoginInformations,/networking/rest/tenant, platform/apikey/getall';
      const generated = await generateKey(t, adminToken, { paths });
      assert.equal(generated.paths, '/platform/apikey/getall,/app/session/getcurrentlogininformations,/networking/rest/tenant');
    });

    it('lists keys in pages, newest first, with the total', async () => {
      const owner = await createUser(t, tenant.tenant, ['ApiKeys.Manage']);
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) ids.push((await generateKey(t, owner.token, { name: `key ${i}` })).id);
      const first = await t.http.get(`${API_KEY_GET_ALL}?SkipCount=0&MaxResultCount=2`, { token: owner.token });
      assert.equal(first.status, 200);
      assert.equal(first.body.totalCount, 3);
      assert.deepEqual(first.body.items.map((i: { id: number }) => i.id), [ids[2], ids[1]]);
      const second = await t.http.get(`${API_KEY_GET_ALL}?skipCount=2&maxResultCount=2`, { token: owner.token });
      assert.deepEqual(second.body.items.map((i: { id: number }) => i.id), [ids[0]]);
      assert.equal(second.body.items[0].name, 'key 0');
      assert.equal(second.body.items[0].userName, owner.user.user_name);
      const tooMany = await t.http.get(`${API_KEY_GET_ALL}?maxResultCount=1001`, { token: owner.token });
      assert.equal(tooMany.status, 400);
      assert.deepEqual(invalidMembers(tooMany.body), ['maxResultCount']);
    });

    it('shows a user only their own keys; ApiKeys.ManageAll sees the tenant’s keys and can filter by user', async () => {
      const owner = await createUser(t, tenant.tenant, ['ApiKeys.Manage']);
      const own = await generateKey(t, owner.token);
      const adminKey = await generateKey(t, adminToken);
      const mine = await t.http.get(`${API_KEY_GET_ALL}?maxResultCount=1000`, { token: owner.token });
      assert.deepEqual(mine.body.items.map((i: { id: number }) => i.id), [own.id]);
      const forbidden = await t.http.get(`${API_KEY_GET_ALL}?userId=${tenant.admin.id}`, { token: owner.token });
      assert.equal(forbidden.status, 403);

      const all = await t.http.get(`${API_KEY_GET_ALL}?maxResultCount=1000`, { token: adminToken });
      const allIds = all.body.items.map((i: { id: number }) => i.id);
      assert.ok(allIds.includes(own.id) && allIds.includes(adminKey.id));
      const filtered = await t.http.get(`${API_KEY_GET_ALL}?userId=${owner.user.id}`, { token: adminToken });
      assert.deepEqual(filtered.body.items.map((i: { id: number }) => i.id), [own.id]);

      const other = await createTenant(t);
      const otherToken = await t.http.signIn('admin', other.password, other.tenant.tenancy_name);
      const otherList = await t.http.get(`${API_KEY_GET_ALL}?maxResultCount=1000`, { token: otherToken });
      assert.equal(otherList.body.totalCount, 0, 'another tenant sees none of them');
    });

    it('lets a tenant admin generate a key for a user of its own tenant, acting as that user', async () => {
      const worker = await createUser(t, tenant.tenant, []);
      const generated = await generateKey(t, adminToken, { userId: worker.user.id });
      assert.equal(generated.userId, worker.user.id);
      assert.equal(generated.userName, worker.user.user_name);
      const whoAmI = await t.http.get(WHO_AM_I, { headers: { 'api-key': generated.key } });
      assert.equal(whoAmI.status, 200);
      assert.equal(whoAmI.body.user.id, worker.user.id);
      assert.deepEqual(whoAmI.body.permissions, []);
    });

    it('answers 404 for another tenant’s user, 403 to a user without ApiKeys.ManageAll, 403 without ApiKeys.Manage', async () => {
      const other = await createTenant(t);
      const crossTenant = await t.http.post(API_KEY_GENERATE, { name: 'x', expirationDate: inFuture(), userId: other.admin.id }, { token: adminToken });
      assert.equal(crossTenant.status, 404);
      const unknown = await t.http.post(API_KEY_GENERATE, { name: 'x', expirationDate: inFuture(), userId: 987_654_321 }, { token: adminToken });
      assert.equal(unknown.status, 404);
      assert.deepEqual(crossTenant.body.error.message.replace(/\d+/g, 'N'), unknown.body.error.message.replace(/\d+/g, 'N'), 'existence does not leak');

      const plain = await createUser(t, tenant.tenant, ['ApiKeys.Manage']);
      const forOther = await t.http.post(API_KEY_GENERATE, { name: 'x', expirationDate: inFuture(), userId: tenant.admin.id }, { token: plain.token });
      assert.equal(forOther.status, 403);
      const forSelf = await t.http.post(API_KEY_GENERATE, { name: 'x', expirationDate: inFuture(), userId: plain.user.id }, { token: plain.token });
      assert.equal(forSelf.status, 200, 'naming yourself needs no ManageAll');

      const nobody = await createUser(t, tenant.tenant, []);
      const withoutManage = await t.http.post(API_KEY_GENERATE, { name: 'x', expirationDate: inFuture() }, { token: nobody.token });
      assert.equal(withoutManage.status, 403);
      assert.equal((await t.http.get(API_KEY_GET_ALL, { token: nobody.token })).status, 403);
      assert.equal((await t.http.post(API_KEY_GENERATE, { name: 'x', expirationDate: inFuture() })).status, 401, 'anonymous');
    });

    it('lets the host admin generate keys for itself but never for a tenant’s user', async () => {
      const hostToken = await t.http.signIn('admin', HOST_ADMIN_PASSWORD);
      const own = await t.http.post(API_KEY_GENERATE, { name: 'ops', expirationDate: inFuture() }, { token: hostToken });
      assert.equal(own.status, 200);
      assert.match(own.body.key, /^tnt_0_/);
      const forTenantUser = await t.http.post(API_KEY_GENERATE, { name: 'x', expirationDate: inFuture(), userId: tenant.admin.id }, { token: hostToken });
      assert.equal(forTenantUser.status, 404);
    });

    it('updates name, expiration and paths; fields left out stay as they were', async () => {
      const generated = await generateKey(t, adminToken, { name: 'before', paths: 'Platform/ApiKey/GetAll' });
      const expirationDate = inFuture(7 * 86_400_000);
      const renamed = await t.http.put(API_KEY_UPDATE, { id: generated.id, name: 'after', expirationDate }, { token: adminToken });
      assert.equal(renamed.status, 200, renamed.text);
      assert.equal(renamed.body.name, 'after');
      assert.equal(renamed.body.expirationDate, expirationDate);
      assert.equal(renamed.body.paths, '/platform/apikey/getall', 'paths left out stay');
      assert.equal(renamed.body.key, undefined);
      const widened = await t.http.put(API_KEY_UPDATE, { id: generated.id, paths: '' }, { token: adminToken });
      assert.equal(widened.body.paths, null);
      assert.equal(widened.body.name, 'after');

      const bad = await t.http.put(API_KEY_UPDATE, { id: generated.id, name: '', expirationDate: '2024-06-21T08:58:52.393Z', paths: 'string' }, { token: adminToken });
      assert.equal(bad.status, 400);
      assert.deepEqual(invalidMembers(bad.body), ['expirationDate', 'name', 'paths']);
      assert.equal((await t.http.put(API_KEY_UPDATE, { name: 'no id' }, { token: adminToken })).status, 400);
    });

    it('lets nobody update or delete a key they may not see: another user’s without ManageAll, another tenant’s', async () => {
      const adminKey = await generateKey(t, adminToken);
      const plain = await createUser(t, tenant.tenant, ['ApiKeys.Manage']);
      const other = await createTenant(t);
      const otherToken = await t.http.signIn('admin', other.password, other.tenant.tenancy_name);
      for (const token of [plain.token, otherToken]) {
        assert.equal((await t.http.put(API_KEY_UPDATE, { id: adminKey.id, name: 'stolen' }, { token })).status, 404);
        assert.equal((await t.http.delete(`${API_KEY_DELETE}?id=${adminKey.id}`, { token })).status, 404);
      }
      const plainKey = await generateKey(t, plain.token);
      assert.equal((await t.http.put(API_KEY_UPDATE, { id: plainKey.id, name: 'by admin' }, { token: adminToken })).status, 200, 'ManageAll may');
      assert.equal((await t.http.get(WHO_AM_I, { token: adminKey.key })).status, 200, 'the admin’s key is untouched');
    });

    it('refuses to change an expired key', async () => {
      const generated = await generateKey(t, adminToken, { expirationDate: inFuture(60_000) });
      await t.database.db.updateTable('api_keys').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', generated.id).execute();
      const answer = await t.http.put(API_KEY_UPDATE, { id: generated.id, expirationDate: inFuture() }, { token: adminToken });
      assert.equal(answer.status, 409);
      assert.equal((await t.http.get(WHO_AM_I, { token: generated.key })).status, 401, 'and it stays expired');
    });

    it('deletes a key with ?id= or ?Id=; a deleted key is gone from lists and cannot be deleted twice', async () => {
      const first = await generateKey(t, adminToken);
      const second = await generateKey(t, adminToken);
      assert.equal((await t.http.delete(`${API_KEY_DELETE}?id=${first.id}`, { token: adminToken })).status, 200);
      assert.equal((await t.http.delete(`${API_KEY_DELETE}?Id=${second.id}`, { token: adminToken })).status, 200);
      assert.equal((await t.http.delete(`${API_KEY_DELETE}?id=${first.id}`, { token: adminToken })).status, 404);
      assert.equal((await t.http.delete(API_KEY_DELETE, { token: adminToken })).status, 400);
      const list = await t.http.get(`${API_KEY_GET_ALL}?maxResultCount=1000`, { token: adminToken });
      const ids = list.body.items.map((i: { id: number }) => i.id);
      assert.ok(!ids.includes(first.id) && !ids.includes(second.id));
      const row = await t.database.db.selectFrom('api_keys').select('revoked_at').where('id', '=', first.id).executeTakeFirstOrThrow();
      assert.ok(row.revoked_at, 'the row stays, revoked');
      const audit = (await t.data.auditLog.listForTenant(tenant.tenant.id, 1000)).filter((a) => a.target === `apikey:${first.id}`);
      assert.deepEqual(audit.map((a) => a.action).sort(), ['apikey.deleted', 'apikey.generated']);
    });

    it('never lets an API key generate, update or delete keys, even an unrestricted one', async () => {
      const generated = await generateKey(t, adminToken);
      const headerSets: Record<string, string>[] = [{ authorization: `Bearer ${generated.key}` }, { 'api-key': generated.key }];
      for (const headers of headerSets) {
        const create = await t.http.post(API_KEY_GENERATE, { name: 'minted', expirationDate: inFuture() }, { headers });
        assert.equal(create.status, 403);
        assert.equal((await t.http.put(API_KEY_UPDATE, { id: generated.id, name: 'renamed' }, { headers })).status, 403);
        assert.equal((await t.http.delete(`${API_KEY_DELETE}?id=${generated.id}`, { headers })).status, 403);
      }
      const listed = await t.http.get(`${API_KEY_GET_ALL}?maxResultCount=1000`, { headers: { 'api-key': generated.key } });
      assert.equal(listed.status, 200, 'listing is allowed');
      assert.equal(listed.body.items.find((i: { id: number }) => i.id === generated.id).name, generated.name, 'nothing was renamed');
    });
  });
}
