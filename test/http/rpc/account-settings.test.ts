import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { invalidMembers } from '../../helpers/api-key-fixtures.js';
import { testEngines } from '../../helpers/engines.js';
import { createTenant, unique } from '../../helpers/fixtures.js';
import { createTenantWithUser } from '../../helpers/tenant-with-user.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../../helpers/test-app.js';

const TENANT_SETTINGS = '/api/services/Platform/TenantSettings';
const HOST_SETTINGS = '/api/services/Platform/HostSettings';
const USER = '/api/services/Platform/User';
const AUTHENTICATE = '/api/TokenAuth/Authenticate';

const strict = { requiredLength: 10, requireDigit: true, requireLowercase: true, requireUppercase: true, requireNonAlphanumeric: true };

for (const engine of testEngines()) {
  describe(`password policy and lockout per tenant (TenantSettings/HostSettings GetAllSettings, UpdateAllSettings) on ${engine.name}`, () => {
    let t: TestApp;
    let hostToken: string;
    before(async () => {
      t = await startTestApp(engine);
      hostToken = await t.http.signIn('admin', HOST_ADMIN_PASSWORD);
    });
    after(() => t.close());

    it("answers ABP's shapes with the defaults, and keeps what the tenant admin changes", async () => {
      const { tenant, adminToken, userToken } = await createTenantWithUser(t);
      const read = await t.http.get(`${TENANT_SETTINGS}/GetAllSettings`, { token: adminToken });
      assert.equal(read.status, 200, read.text);
      assert.deepEqual(read.body.security.passwordComplexity, { requiredLength: 6, requireDigit: false, requireLowercase: false, requireUppercase: false, requireNonAlphanumeric: false });
      assert.deepEqual(read.body.security.userLockOut, { isEnabled: true, maxFailedAccessAttemptsBeforeLockout: 5, defaultAccountLockoutSeconds: 300 });
      assert.equal(read.body.security.useDefaultPasswordComplexitySettings, true);
      assert.equal(read.body.userManagement.isEmailConfirmationRequiredForLogin, false);
      assert.equal(typeof read.body.general.timezone, 'string');

      const change = { security: { useDefaultPasswordComplexitySettings: false, passwordComplexity: strict, userLockOut: { maxFailedAccessAttemptsBeforeLockout: 2 } }, userManagement: { isEmailConfirmationRequiredForLogin: true } };
      assert.equal((await t.http.put(`${TENANT_SETTINGS}/UpdateAllSettings`, change, { token: adminToken })).status, 200);
      const after = (await t.http.get(`${TENANT_SETTINGS}/GetAllSettings`, { token: adminToken })).body;
      assert.deepEqual(after.security.passwordComplexity, strict);
      assert.equal(after.security.useDefaultPasswordComplexitySettings, false);
      assert.equal(after.security.userLockOut.maxFailedAccessAttemptsBeforeLockout, 2);
      assert.equal(after.userManagement.isEmailConfirmationRequiredForLogin, true);
      const stored = await t.data.settings.find(tenant.tenant.id);
      assert.equal(stored?.password_required_length, 10);

      assert.equal((await t.http.get(`${TENANT_SETTINGS}/GetAllSettings`, { token: userToken })).status, 403);
      const unread = await t.http.put(`${TENANT_SETTINGS}/UpdateAllSettings`, { security: { useDefaultPasswordComplexitySettings: true, passwordComplexity: { requireDigit: false } } }, { token: userToken });
      assert.equal(unread.status, 403, 'a caller without Settings.Manage is refused before its change is read');
      assert.equal((await t.http.get(`${HOST_SETTINGS}/GetAllSettings`, { token: adminToken })).status, 403, 'host settings are the host’s');
      const bad = await t.http.put(`${TENANT_SETTINGS}/UpdateAllSettings`, { security: { passwordComplexity: { requiredLength: 0 } } }, { token: adminToken });
      assert.equal(bad.status, 400);
      const both = await t.http.put(`${TENANT_SETTINGS}/UpdateAllSettings`, { general: { currency: 'EUR' }, security: { useDefaultPasswordComplexitySettings: true, passwordComplexity: { requireDigit: false } } }, { token: adminToken });
      assert.equal(both.status, 400);
      assert.notEqual((await t.data.settings.find(tenant.tenant.id))?.currency, 'EUR', 'a refused change changes no section');
    });

    it('applies the policy wherever a password is set and names every broken rule under the field', async () => {
      const { tenant, adminToken } = await createTenantWithUser(t);
      await t.http.put(`${TENANT_SETTINGS}/UpdateAllSettings`, { security: { passwordComplexity: strict } }, { token: adminToken });
      const user = { userName: unique('u'), name: 'Ada', surname: 'Lovelace', emailAddress: `${unique('u')}@example.com` };
      const created = await t.http.post(`${USER}/CreateUser`, { ...user, password: 'abc' }, { token: adminToken });
      assert.equal(created.status, 400);
      const rules = (created.body.error.validationErrors as { message: string; members: string[] }[]).map((v) => v.message);
      assert.equal(rules.length, 4, rules.join(' | '));
      assert.deepEqual([...new Set(invalidMembers(created.body))], ['password']);

      const good = await t.http.post(`${USER}/CreateUser`, { ...user, password: 'Strong-pass-10' }, { token: adminToken });
      assert.equal(good.status, 200, good.text);
      const generated = await t.http.post(`${USER}/CreateUser`, { ...user, userName: unique('g'), emailAddress: `${unique('g')}@example.com` }, { token: adminToken });
      assert.equal(generated.status, 200, 'a generated password satisfies the policy');

      const reset = await t.http.post(`${USER}/ResetPassword`, { userId: good.body.id, newPassword: 'lowercase-only' }, { token: adminToken });
      assert.equal(reset.status, 400);
      assert.deepEqual([...new Set(invalidMembers(reset.body))], ['newPassword']);
      const change = await t.http.post(`${USER}/ChangePassword`, { currentPassword: tenant.password, newPassword: 'short' }, { token: adminToken });
      assert.equal(change.status, 400);
      assert.ok(invalidMembers(change.body).length >= 3);
    });

    it("locks out after the tenant's number of failures, and not at all when the tenant turns lockout off", async () => {
      const locking = await createTenantWithUser(t);
      const name = locking.tenant.tenant.tenancy_name;
      await t.http.put(`${TENANT_SETTINGS}/UpdateAllSettings`, { security: { userLockOut: { maxFailedAccessAttemptsBeforeLockout: 2 } } }, { token: locking.adminToken });
      for (let i = 0; i < 2; i++) assert.equal((await t.http.post(AUTHENTICATE, { userNameOrEmailAddress: 'admin', password: 'wrong', tenancyName: name })).status, 401);
      assert.equal((await t.http.post(AUTHENTICATE, { userNameOrEmailAddress: 'admin', password: locking.tenant.password, tenancyName: name })).status, 401, 'locked out');

      const open = await createTenantWithUser(t);
      const openName = open.tenant.tenant.tenancy_name;
      await t.http.put(`${TENANT_SETTINGS}/UpdateAllSettings`, { security: { userLockOut: { isEnabled: false } } }, { token: open.adminToken });
      for (let i = 0; i < 7; i++) await t.http.post(AUTHENTICATE, { userNameOrEmailAddress: 'admin', password: 'wrong', tenancyName: openName });
      assert.equal((await t.http.post(AUTHENTICATE, { userNameOrEmailAddress: 'admin', password: open.tenant.password, tenancyName: openName })).status, 200);
    });

    it("makes the host's settings the defaults of every tenant without its own, new ones included", async () => {
      const complexity = { requiredLength: 8, requireDigit: true, requireLowercase: false, requireUppercase: false, requireNonAlphanumeric: false };
      try {
        assert.equal((await t.http.put(`${HOST_SETTINGS}/UpdateAllSettings`, { security: { passwordComplexity: complexity } }, { token: hostToken })).status, 200);
        const tenant = await createTenant(t);
        const token = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
        const read = (await t.http.get(`${TENANT_SETTINGS}/GetAllSettings`, { token })).body;
        assert.deepEqual(read.security.passwordComplexity, complexity);
        assert.deepEqual(read.security.defaultPasswordComplexity, complexity);
        assert.equal((await t.http.get(`${HOST_SETTINGS}/GetAllSettings`, { token: hostToken })).body.security.passwordComplexity.requiredLength, 8);
      } finally {
        await t.http.put(`${HOST_SETTINGS}/UpdateAllSettings`, { security: { useDefaultPasswordComplexitySettings: true } }, { token: hostToken });
      }
    });
  });
}
