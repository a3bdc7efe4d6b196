import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { API_KEY_DELETE, API_KEY_GENERATE, generateKey, inFuture } from '../helpers/api-key-fixtures.js';
import { testEngines } from '../helpers/engines.js';
import { createTenant, createUser, unique } from '../helpers/fixtures.js';
import { WHO_AM_I } from '../helpers/http.js';
import { askLoginLink, redeemLoginLink, sessionThroughLink } from '../helpers/login-links.js';
import { RPC as ONBOARDING, createProduct, hostToken, hostUserWith, submitLead, validCompleteBody } from '../helpers/onboarding.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The credential model (docs/security.md): a credential never yields a stronger, broader or longer-lived one,
 * and no caller grants what it does not hold. Issue 9, findings 1 and 2, as classes.
 */
const RPC = {
  resetPassword: '/api/services/Platform/User/ResetPassword',
  changePassword: '/api/services/Platform/User/ChangePassword',
  createUser: '/api/services/Platform/User/CreateUser',
  updateUserRoles: '/api/services/Platform/User/UpdateUserRoles',
  linkToUser: '/api/services/Platform/UserLink/LinkToUser',
  switchTo: '/api/services/Platform/Account/SwitchToLinkedAccount',
  linkedAuthenticate: '/api/TokenAuth/LinkedAccountAuthenticate',
  refresh: '/api/TokenAuth/RefreshToken',
  getUsers: '/api/services/Platform/User/GetUsers',
  impersonate: '/api/services/Platform/Account/Impersonate',
  impersonatedAuthenticate: '/api/TokenAuth/ImpersonatedAuthenticate',
};

function newUserBody(roleNames: string[]) {
  const userName = unique('u');
  return { userName, name: 'New', surname: 'User', emailAddress: `${userName}@example.com`, password: 'New-user-1', roleNames };
}

for (const engine of testEngines()) {
  describe(`the credential model on ${engine.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t.close());

    async function tenantAdminKey(paths?: string) {
      const tenant = await createTenant(t);
      const adminToken = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      const key = await generateKey(t, adminToken, paths ? { paths } : {});
      return { tenant, adminToken, key };
    }

    it('should keep a session opened through an API key from minting keys, setting passwords or linking accounts', async () => {
      const { tenant, key } = await tenantAdminKey();
      const session = await sessionThroughLink(t, key.key, tenant.admin.id);
      assert.equal((await t.http.get(WHO_AM_I, { token: session.accessToken })).status, 200, 'the integrator flow still signs the user in');

      const generate = await t.http.post(API_KEY_GENERATE, { name: unique('k'), expirationDate: inFuture() }, { token: session.accessToken });
      assert.equal(generate.status, 403, generate.text);
      for (const token of [key.key, session.accessToken]) {
        const reset = await t.http.post(RPC.resetPassword, { userId: tenant.admin.id, newPassword: 'Taken-over-1' }, { token });
        assert.equal(reset.status, 403, reset.text);
      }
      const change = await t.http.post(RPC.changePassword, { currentPassword: tenant.password, newPassword: 'Taken-over-1' }, { token: session.accessToken });
      assert.equal(change.status, 403, change.text);
      const other = await createTenant(t);
      const link = await t.http.post(
        RPC.linkToUser,
        { tenancyName: other.tenant.tenancy_name, usernameOrEmailAddress: 'admin', password: other.password },
        { token: session.accessToken },
      );
      assert.equal(link.status, 403, link.text);
      assert.equal((await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name)).length > 0, true, 'the password is unchanged');
    });

    it('should end a session opened through an API key when the key ends, refresh included', async () => {
      const { tenant, adminToken, key } = await tenantAdminKey();
      const session = await sessionThroughLink(t, key.key, tenant.admin.id);
      const deleted = await t.http.delete(`${API_KEY_DELETE}?id=${key.id}`, { token: adminToken });
      assert.equal(deleted.status, 200, deleted.text);
      assert.equal((await t.http.get(WHO_AM_I, { token: session.accessToken })).status, 401);
      assert.equal((await t.http.post(RPC.refresh, { refreshToken: session.refreshToken })).status, 401);
    });

    it('should let an API key create users but grant them no permission and no known password', async () => {
      const { tenant, key } = await tenantAdminKey();
      const asAdmin = await t.http.post(RPC.createUser, { ...newUserBody(['Admin']), password: undefined }, { token: key.key });
      assert.equal(asAdmin.status, 403, asAdmin.text);
      const withPassword = await t.http.post(RPC.createUser, newUserBody(['User']), { token: key.key });
      assert.equal(withPassword.status, 403, withPassword.text);
      const plain = await t.http.post(RPC.createUser, { ...newUserBody(['User']), password: undefined }, { token: key.key });
      assert.equal(plain.status, 200, plain.text);
      assert.equal(plain.body.generatedPassword, undefined, 'the generated password is not shown to a key');
      const promote = await t.http.put(RPC.updateUserRoles, { userId: plain.body.id, roleNames: ['Admin'] }, { token: key.key });
      assert.equal(promote.status, 403, promote.text);
      assert.deepEqual(await t.data.roles.listRoleNamesOfUser(tenant.tenant.id, plain.body.id), ['User']);
    });

    it('should give a session opened through a key no method beyond the key’s paths', async () => {
      const { tenant, key } = await tenantAdminKey('Platform/User/GetAutoLoginLink');
      const session = await sessionThroughLink(t, key.key, tenant.admin.id);
      assert.equal((await t.http.get(`${RPC.getUsers}`, { token: session.accessToken })).status, 403);
    });

    it('should not let a caller grant a role or open an account holding permissions it does not hold', async () => {
      const tenant = await createTenant(t);
      const manager = await createUser(t, tenant.tenant, ['Users.Manage', 'Users.AutoLogin']);
      const asAdmin = await t.http.post(RPC.createUser, newUserBody(['Admin']), { token: manager.token });
      assert.equal(asAdmin.status, 403, asAdmin.text);
      const plain = await t.http.post(RPC.createUser, newUserBody(['User']), { token: manager.token });
      assert.equal(plain.status, 200, plain.text);
      const promote = await t.http.put(RPC.updateUserRoles, { userId: plain.body.id, roleNames: ['Admin'] }, { token: manager.token });
      assert.equal(promote.status, 403, promote.text);
      const roles = await t.data.roles.listRoleNamesOfUser(tenant.tenant.id, plain.body.id);
      assert.deepEqual(roles, ['User']);
      const intoAdmin = await askLoginLink(t, manager.token, tenant.admin.id);
      assert.equal(intoAdmin.status, 403, intoAdmin.text);
      assert.equal((await askLoginLink(t, manager.token, plain.body.id)).status, 200);
    });

    it('should still register a tenant through a sign-up form’s host key, and open its admin’s session from the loginLink', async () => {
      const form = await hostUserWith(t, ['Leads.Submit', 'Registration.Complete', 'ApiKeys.Manage']);
      const key = await generateKey(t, form.token);
      const product = await createProduct(t, await hostToken(t));
      const lead = await submitLead(t, key.key, product.id);
      const completed = await t.http.post(ONBOARDING.complete, validCompleteBody(lead.leadRequestXref), { token: key.key });
      assert.equal(completed.status, 200, completed.text);
      const session = await redeemLoginLink(t, completed.body.loginLink);
      assert.equal(session.status, 200, session.text);
      // The new admin's session is its own, not a copy of the form's key: it reaches the new tenant's users.
      const users = await t.http.get(RPC.getUsers, { token: session.body.accessToken });
      assert.equal(users.status, 200, users.text);
      assert.equal((await t.http.get(WHO_AM_I, { token: session.body.accessToken })).body.tenant.id, completed.body.tenantId);
    });

    describe('impersonation', () => {
      it('should bound an impersonated session by the impersonator: its permissions, and its own session’s end', async () => {
        const tenant = await createTenant(t);
        const helper = await createUser(t, tenant.tenant, ['Users.Impersonation', 'Settings.Manage']);
        const peer = await createUser(t, tenant.tenant, ['Settings.Manage']);
        const stronger = await t.http.post(RPC.impersonate, { userId: tenant.admin.id, tenantId: tenant.tenant.id }, { token: helper.token });
        assert.equal(stronger.status, 403, 'the admin holds permissions the helper does not');

        // The helper's own session ends in ten minutes: the impersonated one cannot last longer.
        const own = await t.services.auth.callerFromBearer(helper.token);
        await t.database.db
          .updateTable('sessions')
          .set({ expires_at: new Date(Date.now() + 600_000) })
          .where('tenant_id', '=', tenant.tenant.id)
          .where('id', '=', own.sessionId!)
          .execute();
        const issued = await t.http.post(RPC.impersonate, { userId: peer.user.id, tenantId: tenant.tenant.id }, { token: helper.token });
        assert.equal(issued.status, 200, issued.text);
        const pair = await t.http.post(`${RPC.impersonatedAuthenticate}?impersonationToken=${encodeURIComponent(issued.body.impersonationToken)}`);
        assert.equal(pair.status, 200, pair.text);
        assert.ok(pair.body.refreshTokenExpireInSeconds <= 600, `refresh token lives ${pair.body.refreshTokenExpireInSeconds} s`);
        assert.ok(pair.body.expireInSeconds <= 600, `access token lives ${pair.body.expireInSeconds} s`);
        const row = await t.database.db
          .selectFrom('sessions')
          .select(['origin', 'impersonator_user_id', 'impersonator_session_id', 'expires_at'])
          .where('tenant_id', '=', tenant.tenant.id)
          .where('user_id', '=', peer.user.id)
          .where('origin', '=', 'impersonated')
          .executeTakeFirstOrThrow();
        assert.equal(row.impersonator_user_id, helper.user.id);
        assert.equal(row.impersonator_session_id, own.sessionId);
        assert.ok(row.expires_at.getTime() <= Date.now() + 600_000);
      });
    });

    describe('linked accounts', () => {
      it('should not let a session the user did not open with a password cross into a linked account', async () => {
        const a = await createTenant(t);
        const b = await createTenant(t);
        const alice = await createUser(t, a.tenant, []);
        const linked = await t.http.post(
          RPC.linkToUser,
          { tenancyName: b.tenant.tenancy_name, usernameOrEmailAddress: 'admin', password: b.password },
          { token: alice.token },
        );
        assert.equal(linked.status, 200, linked.text);
        const target = { targetUserId: b.admin.id, targetTenantId: b.tenant.id };

        const aAdmin = await t.http.signIn('admin', a.password, a.tenant.tenancy_name);
        const impersonated = await sessionThroughLink(t, aAdmin, alice.user.id);
        const crossed = await t.http.post(RPC.switchTo, target, { token: impersonated.accessToken });
        assert.equal(crossed.status, 403, crossed.text);

        // Alice herself, signed in with her password, still switches.
        const own = await t.http.post(RPC.switchTo, target, { token: alice.token });
        assert.equal(own.status, 200, own.text);
        const switched = await t.http.post(RPC.linkedAuthenticate, { switchAccountToken: own.body.switchAccountToken });
        assert.equal(switched.status, 200, switched.text);
        // The switched-in session was not opened with B's password: it cannot switch on.
        const onward = await t.http.post(RPC.switchTo, { targetUserId: alice.user.id, targetTenantId: a.tenant.id }, { token: switched.body.accessToken });
        assert.equal(onward.status, 403, onward.text);
      });
    });
  });
}
