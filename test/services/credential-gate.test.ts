import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../helpers/engines.js';
import { createTenant } from '../helpers/fixtures.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.js';
import { WHO_AM_I } from '../helpers/http.js';
import { waitFor } from '../helpers/wait-for.js';

// Several instances on one PostgreSQL: a revocation made on one must take effect on the others.
for (const engine of testEngines().filter((e) => e.name === 'postgres')) {
  describe('the credential gate across instances on PostgreSQL', () => {
    let first: TestApp;
    let second: TestApp;
    before(async () => {
      first = await startTestApp(engine);
      second = await startTestApp(engine);
    });
    after(async () => {
      await first.close();
      await second.close();
    });

    it('a session ended on one instance is refused by the other', async () => {
      const pair = (await first.http.post('/api/TokenAuth/Authenticate', { userNameOrEmailAddress: 'admin', password: HOST_ADMIN_PASSWORD })).body;
      assert.equal((await second.http.get(WHO_AM_I, { token: pair.accessToken })).status, 200);
      assert.equal((await first.http.post('/api/TokenAuth/LogOut', {}, { token: pair.accessToken })).status, 200);
      await waitFor(async () => (await second.http.get(WHO_AM_I, { token: pair.accessToken })).status === 401, 'logout seen by the second instance');
    });

    it('a tenant suspended on one instance is blocked on the other, and resumed there too', async () => {
      const tenant = await createTenant(first);
      const token = await second.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      const host = await first.services.auth.callerFromBearer(await first.http.signIn('admin', HOST_ADMIN_PASSWORD));
      await first.services.tenantLifecycle.setActive(host, tenant.tenant.id, false);
      await waitFor(async () => (await second.http.get(WHO_AM_I, { token })).status === 401, 'suspension seen by the second instance');
      await first.services.tenantLifecycle.setActive(host, tenant.tenant.id, true);
      await waitFor(async () => !second.internals.gate.isBlocked(`tenant:${tenant.tenant.id}`), 'resumption seen by the second instance');
      const fresh = await second.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      assert.equal((await second.http.get(WHO_AM_I, { token: fresh })).status, 200);
    });
  });
}
