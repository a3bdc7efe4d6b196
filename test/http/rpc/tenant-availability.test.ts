import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../helpers/engines.js';
import { createTenant } from '../../helpers/fixtures.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../../helpers/test-app.js';

const IS_AVAILABLE = '/api/services/Platform/Account/IsTenantAvailable';
const RESOLVE = '/api/services/Platform/Account/ResolveTenantId';

for (const engine of testEngines()) {
  describe(`tenant resolution before sign-in on ${engine.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t.close());

    it("answers ABP's states: available with the id, inactive when suspended, not found when unknown or deleted", async () => {
      const live = await createTenant(t);
      const answer = await t.http.post(IS_AVAILABLE, { tenancyName: live.tenant.tenancy_name.toUpperCase() });
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.body, { state: 1, tenantId: live.tenant.id, serverRootAddress: `${t.config.publicUrl}/` });

      const host = await t.services.auth.callerFromBearer(await t.http.signIn('admin', HOST_ADMIN_PASSWORD));
      const suspended = await createTenant(t);
      await t.services.tenantLifecycle.setActive(host, suspended.tenant.id, false);
      assert.deepEqual((await t.http.post(IS_AVAILABLE, { tenancyName: suspended.tenant.tenancy_name })).body, { state: 2, tenantId: null, serverRootAddress: null });

      const deleted = await createTenant(t);
      await t.services.tenantLifecycle.delete(host, deleted.tenant.id);
      assert.deepEqual((await t.http.post(IS_AVAILABLE, { tenancyName: deleted.tenant.tenancy_name })).body, { state: 3, tenantId: null, serverRootAddress: null });
      assert.equal((await t.http.post(IS_AVAILABLE, { tenancyName: 'NoSuchTenancy' })).body.state, 3);
    });

    it('answers in the ABP envelope when asked, as abp.js reads it', async () => {
      const live = await createTenant(t);
      const answer = await t.http.post(IS_AVAILABLE, { tenancyName: live.tenant.tenancy_name }, { headers: { 'abp-envelope': 'true' } });
      assert.equal(answer.body.success, true);
      assert.equal(answer.body.result.state, 1);
    });

    it('resolves a tenancy name to the id of a live, active tenant, and anything else to null', async () => {
      const live = await createTenant(t);
      assert.equal((await t.http.post(RESOLVE, { c: live.tenant.tenancy_name })).body, live.tenant.id);
      for (const c of ['NoSuchTenancy', '', null]) {
        const answer = await t.http.post(RESOLVE, { c });
        assert.equal(answer.status, 200, answer.text);
        assert.equal(answer.text, 'null');
      }
    });

    it('refuses a missing or overlong tenancy name with a 400 naming it', async () => {
      for (const body of [{}, { tenancyName: '' }, { tenancyName: 'x'.repeat(65) }, { tenancyName: ['a'] }]) {
        const answer = await t.http.post(IS_AVAILABLE, body);
        assert.equal(answer.status, 400, answer.text);
        assert.equal(answer.body.error.validationErrors[0].members[0], 'tenancyName');
      }
    });
  });
}
