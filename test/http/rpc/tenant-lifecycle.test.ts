import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../helpers/engines.js';
import { createTenant, unique } from '../../helpers/fixtures.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { WHO_AM_I } from '../../helpers/http.js';

const TENANT = '/api/services/Platform/Tenant';
const AUTH = '/api/TokenAuth/Authenticate';

for (const engine of testEngines()) {
  describe(`tenant lifecycle over RPC on ${engine.name}`, () => {
    let t: TestApp;
    let hostToken: string;
    before(async () => {
      t = await startTestApp(engine);
      hostToken = await t.http.signIn('admin', HOST_ADMIN_PASSWORD);
    });
    after(() => t.close());

    async function tenantWithAdmin(tenancyName?: string) {
      const tenant = await createTenant(t, tenancyName ? { tenancyName } : {});
      const login = { userNameOrEmailAddress: 'admin', password: tenant.password, tenancyName: tenant.tenant.tenancy_name };
      const pair = (await t.http.post(AUTH, login)).body;
      return { id: tenant.tenant.id, tenancyName: tenant.tenant.tenancy_name, adminId: tenant.admin.id, password: tenant.password, login, pair };
    }

    async function listed(query: string): Promise<{ totalCount: number; items: { id: number; isDeleted: boolean; isActive: boolean; deletionTime: string | null }[] }> {
      const answer = await t.http.get(`${TENANT}/GetTenants?${query}`, { token: hostToken });
      assert.equal(answer.status, 200, answer.text);
      return answer.body;
    }

    it('deletes a tenant by `Id`: 200 with an empty body, and its users’ tokens die at once', async () => {
      const tenant = await tenantWithAdmin();
      const user = { userName: 'worker', name: 'W', surname: 'K', emailAddress: `worker.${tenant.tenancyName.toLowerCase()}@example.com`, password: 'Worker-1' };
      await t.http.post('/api/services/Platform/User/CreateUser', user, { token: tenant.pair.accessToken });
      const userPair = (await t.http.post(AUTH, { userNameOrEmailAddress: 'worker', password: 'Worker-1', tenancyName: tenant.tenancyName })).body;

      const answer = await t.http.delete(`${TENANT}/DeleteTenant?Id=${tenant.id}`, { token: hostToken });
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.text, '');
      for (const pair of [tenant.pair, userPair]) {
        assert.equal((await t.http.get(WHO_AM_I, { token: pair.accessToken })).status, 401);
        assert.equal((await t.http.post('/api/TokenAuth/RefreshToken', { refreshToken: pair.refreshToken })).status, 401);
      }
      assert.equal((await t.http.post(AUTH, tenant.login)).status, 401);
      assert.equal((await t.http.delete(`${TENANT}/DeleteTenant?Id=${tenant.id}`, { token: hostToken })).status, 404, 'already deleted');
    });

    it('accepts `id` in any case, and answers the spec’s sample (no Id) and its placeholder with a 400 naming `id`', async () => {
      const tenant = await tenantWithAdmin();
      assert.equal((await t.http.delete(`${TENANT}/DeleteTenant?id=${tenant.id}`, { token: hostToken })).status, 200);
      for (const query of ['', '?Id=tenant_id']) {
        const answer = await t.http.request('DELETE', `${TENANT}/DeleteTenant${query}`, undefined, { token: hostToken, headers: { accept: '*/*' } });
        assert.equal(answer.status, 400, query);
        assert.deepEqual(answer.body.error.validationErrors[0].members, ['id']);
      }
      assert.equal((await t.http.delete(`${TENANT}/DeleteTenant?Id=2000000000`, { token: hostToken })).status, 404);
      assert.equal((await t.http.delete(`${TENANT}/DeleteTenant?Id=0`, { token: hostToken })).status, 404, 'the host is not a tenant');
    });

    it('unlinks a deleted tenant’s users from other tenants’ users', async () => {
      const doomed = await tenantWithAdmin();
      const other = await tenantWithAdmin();
      const link = await t.http.post(
        '/api/services/Platform/UserLink/LinkToUser',
        { tenancyName: doomed.tenancyName, usernameOrEmailAddress: 'admin', password: doomed.password },
        { token: other.pair.accessToken },
      );
      assert.equal(link.status, 200, link.text);
      const before = await t.http.get('/api/services/Platform/UserLink/GetLinkedUsers', { token: other.pair.accessToken });
      assert.equal(before.body.totalCount, 1);
      await t.http.delete(`${TENANT}/DeleteTenant?Id=${doomed.id}`, { token: hostToken });
      const after = await t.http.get('/api/services/Platform/UserLink/GetLinkedUsers', { token: other.pair.accessToken });
      assert.deepEqual(after.body, { totalCount: 0, items: [] });
      assert.equal(await t.data.userLinks.groupOf(doomed.id, doomed.adminId), undefined);

      await t.http.post(`${TENANT}/RestoreTenant`, { id: doomed.id }, { token: hostToken });
      const afterRestore = await t.http.get('/api/services/Platform/UserLink/GetLinkedUsers', { token: other.pair.accessToken });
      assert.equal(afterRestore.body.totalCount, 0, 'links do not come back with a restore');
    });

    it('lists tenants with and without deleted ones, filtered by tenancy name or name, paged by skipCount', async () => {
      const marker = unique('Lst');
      const tenants = [await tenantWithAdmin(`${marker}a`), await tenantWithAdmin(`${marker}b`), await tenantWithAdmin(`${marker}c`)];
      await t.http.delete(`${TENANT}/DeleteTenant?Id=${tenants[1]!.id}`, { token: hostToken });

      const live = await listed(`filter=${marker.toUpperCase()}`);
      assert.deepEqual(live.items.map((i) => i.id), [tenants[0]!.id, tenants[2]!.id]);
      assert.equal(live.totalCount, 2);
      const all = await listed(`Filter=${marker}&IncludeDeleted=true`);
      assert.equal(all.totalCount, 3);
      const deleted = all.items.find((i) => i.id === tenants[1]!.id)!;
      assert.equal(deleted.isDeleted, true);
      assert.equal(typeof deleted.deletionTime, 'string');
      const first = all.items.find((i) => i.id === tenants[0]!.id) as unknown as Record<string, unknown>;
      assert.deepEqual(Object.keys(first).sort(), ['companyName', 'creationTime', 'deletionTime', 'id', 'isActive', 'isDeleted', 'name', 'tenancyName']);
      assert.equal(first.tenancyName, `${marker}a`);
      assert.equal(first.deletionTime, null);

      const page = await listed(`filter=${marker}&includeDeleted=true&skipCount=1&maxResultCount=2`);
      assert.deepEqual(page.items.map((i) => i.id), [tenants[1]!.id, tenants[2]!.id]);
      const byName = await listed(`filter=${encodeURIComponent(`${marker}b Ltd`)}&includeDeleted=true`);
      assert.deepEqual(byName.items.map((i) => i.id), [tenants[1]!.id], 'the display name matches too');
      assert.equal((await t.http.get(`${TENANT}/GetTenants?maxResultCount=1001`, { token: hostToken })).status, 400);
    });

    it('restores a deleted tenant: its users sign in again', async () => {
      const tenant = await tenantWithAdmin();
      await t.http.delete(`${TENANT}/DeleteTenant?Id=${tenant.id}`, { token: hostToken });
      const restored = await t.http.post(`${TENANT}/RestoreTenant`, { id: tenant.id }, { token: hostToken });
      assert.equal(restored.status, 200, restored.text);
      assert.equal((await t.http.post(AUTH, tenant.login)).status, 200);
      assert.equal((await t.http.get(WHO_AM_I, { token: tenant.pair.accessToken })).status, 401, 'tokens ended by the deletion stay ended');
      assert.equal((await t.http.post(`${TENANT}/RestoreTenant`, { id: tenant.id }, { token: hostToken })).status, 404, 'not deleted any more');
    });

    it('suspends and resumes a tenant with SetTenantActive', async () => {
      const tenant = await tenantWithAdmin();
      const off = await t.http.post(`${TENANT}/SetTenantActive`, { id: tenant.id, isActive: false }, { token: hostToken });
      assert.equal(off.status, 200, off.text);
      assert.equal((await t.http.get(WHO_AM_I, { token: tenant.pair.accessToken })).status, 401);
      assert.equal((await t.http.post(AUTH, tenant.login)).status, 401);
      assert.equal((await listed(`filter=${tenant.tenancyName}`)).items[0]!.isActive, false);
      assert.equal((await t.http.post(`${TENANT}/SetTenantActive`, { id: tenant.id, isActive: true }, { token: hostToken })).status, 200);
      assert.equal((await t.http.post(AUTH, tenant.login)).status, 200);
    });

    it('purges a deleted tenant on request: its rows go, an audit record stays, and its tenancy name is free again', async () => {
      const tenant = await tenantWithAdmin();
      assert.equal((await t.http.post(`${TENANT}/PurgeTenant`, { id: tenant.id }, { token: hostToken })).status, 409, 'a live tenant is not purged');
      await t.http.delete(`${TENANT}/DeleteTenant?Id=${tenant.id}`, { token: hostToken });
      await assert.rejects(createTenant(t, { tenancyName: tenant.tenancyName.toLowerCase() }), { code: 'conflict' }, 'the name stays reserved until the purge');

      const purged = await t.http.post(`${TENANT}/PurgeTenant`, { id: tenant.id }, { token: hostToken });
      assert.equal(purged.status, 200, purged.text);
      assert.equal(await t.data.tenants.findAny(tenant.id), undefined);
      assert.equal(await t.data.users.findById(tenant.id, tenant.adminId), undefined);
      const settings = await t.database.db.selectFrom('tenant_settings').select('tenant_id').where('tenant_id', '=', tenant.id).execute();
      assert.deepEqual(settings, []);
      const audit = await t.data.auditLog.listForTenant(tenant.id);
      const record = audit.find((a) => a.action === 'tenant.purged');
      assert.ok(record, 'the purge is recorded');
      assert.equal((record.details as { tenancyName: string }).tenancyName, tenant.tenancyName);
      assert.equal((await listed(`filter=${tenant.tenancyName}&includeDeleted=true`)).totalCount, 0);
      assert.equal((await t.http.post(`${TENANT}/PurgeTenant`, { id: tenant.id }, { token: hostToken })).status, 404);

      const reborn = await createTenant(t, { tenancyName: tenant.tenancyName });
      assert.ok(reborn.tenant.id > tenant.id, 'a new tenant, never the purged id');
    });

    it('keeps a deleted tenant through the background purge until the retention period has passed', async () => {
      const tenant = await tenantWithAdmin();
      await t.http.delete(`${TENANT}/DeleteTenant?Id=${tenant.id}`, { token: hostToken });
      await t.services.tenantPurge.purgeExpired();
      assert.ok(await t.data.tenants.findAny(tenant.id), 'still restorable within the 30 days');
    });

    it('answers 403 to a tenant admin on every lifecycle method, and 401 to anonymous callers', async () => {
      const tenant = await tenantWithAdmin();
      const other = await tenantWithAdmin();
      const calls = [
        (token?: string) => t.http.delete(`${TENANT}/DeleteTenant?Id=${other.id}`, { token }),
        (token?: string) => t.http.delete(`${TENANT}/DeleteTenant?Id=${tenant.id}`, { token }),
        (token?: string) => t.http.post(`${TENANT}/RestoreTenant`, { id: other.id }, { token }),
        (token?: string) => t.http.get(`${TENANT}/GetTenants`, { token }),
        (token?: string) => t.http.post(`${TENANT}/SetTenantActive`, { id: other.id, isActive: false }, { token }),
        (token?: string) => t.http.post(`${TENANT}/PurgeTenant`, { id: other.id }, { token }),
      ];
      for (const call of calls) {
        assert.equal((await call(tenant.pair.accessToken)).status, 403);
        assert.equal((await call()).status, 401);
      }
      assert.equal((await t.http.post(AUTH, other.login)).status, 200, 'nothing happened to the other tenant');
    });
  });

  describe(`background purge with TENANT_RETENTION_DAYS=0 on ${engine.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine, { TENANT_RETENTION_DAYS: '0' });
      // Let the run made at start finish, so the runs below are the test's own.
      await t.services.tenantPurge.stop();
    });
    after(() => t.close());

    it('purges every deleted tenant and records each purge', async () => {
      const host = await t.services.auth.callerFromBearer(await t.http.signIn('admin', HOST_ADMIN_PASSWORD));
      const deleted = await createTenant(t);
      const live = await createTenant(t);
      await t.services.tenantLifecycle.delete(host, deleted.tenant.id);
      assert.ok((await t.services.tenantPurge.purgeExpired()) >= 1);
      assert.equal(await t.data.tenants.findAny(deleted.tenant.id), undefined);
      assert.ok(await t.data.tenants.findLive(live.tenant.id), 'a live tenant is never purged');
      const record = (await t.data.auditLog.listForTenant(deleted.tenant.id)).find((a) => a.action === 'tenant.purged');
      assert.deepEqual((record?.details as { retentionDays: number }).retentionDays, 0);
      assert.equal(record?.actor_user_id, null, 'purged by the system, not a person');
      assert.equal(await t.services.tenantPurge.purgeExpired(), 0, 'a second run finds nothing more to do');
    });
  });
}
