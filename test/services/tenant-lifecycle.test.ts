import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Caller } from '../../src/domain/caller.js';
import { testEngines } from '../helpers/engines.js';
import { createTenant } from '../helpers/fixtures.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.js';
import { WHO_AM_I } from '../helpers/http.js';

for (const engine of testEngines()) {
  describe(`tenant lifecycle and the credential gate on ${engine.name}`, () => {
    let t: TestApp;
    let host: Caller;
    before(async () => {
      t = await startTestApp(engine);
      const token = await t.http.signIn('admin', HOST_ADMIN_PASSWORD);
      host = await t.services.auth.callerFromBearer(token);
    });
    after(() => t.close());

    it('answers who the caller is', async () => {
      const tenant = await createTenant(t);
      const token = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      const answer = await t.http.get(WHO_AM_I, { token });
      assert.equal(answer.status, 200);
      assert.equal(answer.body.tenant.id, tenant.tenant.id);
      assert.equal(answer.body.user.userName, 'admin');
      assert.ok(answer.body.permissions.includes('Users.Manage'));
      assert.ok(!answer.body.permissions.includes('Tenants.Manage'), 'a tenant admin holds no host permission');
    });

    it('suspension ends the tenant users’ tokens at once; resumption needs a new sign-in', async () => {
      const tenant = await createTenant(t);
      const login = { userNameOrEmailAddress: 'admin', password: tenant.password, tenancyName: tenant.tenant.tenancy_name };
      const pair = (await t.http.post('/api/TokenAuth/Authenticate', login)).body;
      await t.services.tenantLifecycle.setActive(host, tenant.tenant.id, false);
      assert.equal((await t.http.get(WHO_AM_I, { token: pair.accessToken })).status, 401);
      assert.equal((await t.http.post('/api/TokenAuth/RefreshToken', { refreshToken: pair.refreshToken })).status, 401);
      const whileSuspended = await t.http.post('/api/TokenAuth/Authenticate', login);
      assert.equal(whileSuspended.status, 401);
      assert.match(whileSuspended.body.error.message, /not active/);

      await t.services.tenantLifecycle.setActive(host, tenant.tenant.id, true);
      assert.equal((await t.http.get(WHO_AM_I, { token: pair.accessToken })).status, 401, 'old tokens stay dead');
      const again = await t.http.post('/api/TokenAuth/Authenticate', login);
      assert.equal(again.status, 200);
      assert.equal((await t.http.get(WHO_AM_I, { token: again.body.accessToken })).status, 200);
    });

    it('deletion hides the tenant and ends its credentials; restore brings it back', async () => {
      const tenant = await createTenant(t);
      const login = { userNameOrEmailAddress: 'admin', password: tenant.password, tenancyName: tenant.tenant.tenancy_name };
      const token = (await t.http.post('/api/TokenAuth/Authenticate', login)).body.accessToken;
      await t.services.tenantLifecycle.delete(host, tenant.tenant.id);
      assert.equal((await t.http.get(WHO_AM_I, { token })).status, 401);
      assert.equal((await t.http.post('/api/TokenAuth/Authenticate', login)).status, 401);
      assert.equal(await t.data.tenants.findLive(tenant.tenant.id), undefined);
      await assert.rejects(t.services.tenantLifecycle.delete(host, tenant.tenant.id), { code: 'not_found' });

      await t.services.tenantLifecycle.restore(host, tenant.tenant.id);
      assert.equal((await t.http.post('/api/TokenAuth/Authenticate', login)).status, 200);
      const audit = await t.data.auditLog.listForTenant(tenant.tenant.id);
      assert.deepEqual(audit.map((a) => a.action).filter((a) => a.startsWith('tenant.')).sort(), ['tenant.deleted', 'tenant.restored']);
      assert.equal(audit.filter((a) => a.action === 'sign_in.succeeded').length, 2, 'both sign-ins are recorded too');
    });

    it('a tenant admin cannot delete or suspend tenants', async () => {
      const tenant = await createTenant(t);
      const other = await createTenant(t);
      const caller = await t.services.auth.callerFromBearer(await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name));
      await assert.rejects(t.services.tenantLifecycle.delete(caller, other.tenant.id), { code: 'forbidden' });
      await assert.rejects(t.services.tenantLifecycle.setActive(caller, other.tenant.id, false), { code: 'forbidden' });
    });
  });
}
