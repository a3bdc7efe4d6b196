import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HOST_TENANT_ID } from '../../src/domain/caller.js';
import { allPermissions } from '../../src/domain/permissions.js';
import { generateKey } from '../helpers/api-key-fixtures.js';
import { testEngines } from '../helpers/engines.js';
import { createTenant, createUser } from '../helpers/fixtures.js';
import { WHO_AM_I } from '../helpers/http.js';
import { askLoginLink, redeemLoginLink } from '../helpers/login-links.js';
import { hostToken } from '../helpers/onboarding.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** Ended means ended (issue 9, finding 3): nothing that ended a credential can be undone by a later change. */
const RPC = {
  updateUser: '/api/services/Platform/User/UpdateUser',
  resetPassword: '/api/services/Platform/User/ResetPassword',
  changePassword: '/api/services/Platform/User/ChangePassword',
  deleteTenant: '/api/services/Platform/Tenant/DeleteTenant',
  restoreTenant: '/api/services/Platform/Tenant/RestoreTenant',
  setTenantActive: '/api/services/Platform/Tenant/SetTenantActive',
  impersonate: '/api/services/Platform/Account/Impersonate',
  impersonatedAuthenticate: '/api/TokenAuth/ImpersonatedAuthenticate',
  refresh: '/api/TokenAuth/RefreshToken',
};

for (const engine of testEngines()) {
  describe(`ended credentials stay ended on ${engine.name}`, () => {
    let t: TestApp;
    let host: string;
    before(async () => {
      t = await startTestApp(engine);
      host = await hostToken(t);
    });
    after(() => t.close());

    /** A tenant with a key of a plain user and an unredeemed login link of that user (asked by the admin). */
    async function credentials() {
      const tenant = await createTenant(t);
      const adminToken = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      const user = await createUser(t, tenant.tenant, ['ApiKeys.Manage']);
      const key = await generateKey(t, user.token);
      const link = await askLoginLink(t, adminToken, user.user.id);
      assert.equal(link.status, 200, link.text);
      assert.equal((await t.http.get(WHO_AM_I, { token: key.key })).status, 200);
      return { tenant, adminToken, user, key, loginLink: link.body.loginLink as string };
    }

    async function assertEnded(c: { key: { key: string }; user: { token: string }; loginLink: string }) {
      assert.equal((await t.http.get(WHO_AM_I, { token: c.key.key })).status, 401, 'the API key');
      assert.equal((await t.http.get(WHO_AM_I, { token: c.user.token })).status, 401, 'the access token');
      assert.equal((await redeemLoginLink(t, c.loginLink)).status, 401, 'the login link');
    }

    it('should not revive a deactivated user’s key, session or login link on reactivation', async () => {
      const c = await credentials();
      for (const isActive of [false, true]) {
        const answer = await t.http.put(RPC.updateUser, { id: c.user.user.id, isActive }, { token: c.adminToken });
        assert.equal(answer.status, 200, answer.text);
      }
      await assertEnded(c);
    });

    it('should not revive a deleted tenant’s keys, sessions or login links on restore', async () => {
      const c = await credentials();
      assert.equal((await t.http.delete(`${RPC.deleteTenant}?Id=${c.tenant.tenant.id}`, { token: host })).status, 200);
      assert.equal((await t.http.post(RPC.restoreTenant, { id: c.tenant.tenant.id }, { token: host })).status, 200);
      await assertEnded(c);
    });

    it('should not revive a suspended tenant’s keys, sessions or login links on resume', async () => {
      const c = await credentials();
      for (const isActive of [false, true]) {
        const answer = await t.http.post(RPC.setTenantActive, { id: c.tenant.tenant.id, isActive }, { token: host });
        assert.equal(answer.status, 200, answer.text);
      }
      await assertEnded(c);
    });

    it('should end the user’s keys and links when an admin resets the password', async () => {
      const c = await credentials();
      const reset = await t.http.post(RPC.resetPassword, { userId: c.user.user.id, newPassword: 'Reset-pass-1' }, { token: c.adminToken });
      assert.equal(reset.status, 200, reset.text);
      await assertEnded(c);
    });

    it('should end the caller’s keys, as ChangePassword says, and keep the fresh session it answers', async () => {
      const c = await credentials();
      const changed = await t.http.post(RPC.changePassword, { currentPassword: 'Plain-user-1', newPassword: 'Changed-pass-1' }, { token: c.user.token });
      assert.equal(changed.status, 200, changed.text);
      await assertEnded(c);
      assert.equal((await t.http.get(WHO_AM_I, { token: changed.body.accessToken })).status, 200);
    });

    it('should not revive an impersonation, used or not, when its impersonator is reactivated', async () => {
      const c = await credentials();
      const support = await createUser(t, { id: HOST_TENANT_ID, tenancy_name: '' }, allPermissions);
      const impersonate = () => t.http.post(RPC.impersonate, { userId: c.user.user.id, tenantId: c.tenant.tenant.id }, { token: support.token });
      const redeem = (token: string) => t.http.post(`${RPC.impersonatedAuthenticate}?impersonationToken=${encodeURIComponent(token)}`);
      const used = await redeem((await impersonate()).body.impersonationToken);
      assert.equal(used.status, 200, used.text);
      const unused = (await impersonate()).body.impersonationToken as string;
      for (const isActive of [false, true]) {
        const answer = await t.http.put(RPC.updateUser, { id: support.user.id, isActive }, { token: host });
        assert.equal(answer.status, 200, answer.text);
      }
      assert.equal((await t.http.get(WHO_AM_I, { token: used.body.accessToken })).status, 401, 'the impersonated access token');
      assert.equal((await t.http.post(RPC.refresh, { refreshToken: used.body.refreshToken })).status, 401, 'its refresh token');
      assert.equal((await redeem(unused)).status, 401, 'the unredeemed impersonation token');
      assert.equal((await t.http.get(WHO_AM_I, { token: c.user.token })).status, 200, "the user's own session is not the impersonator's to end");
    });
  });
}
