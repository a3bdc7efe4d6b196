import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../helpers/engines.js';
import { createTenant, unique } from '../../helpers/fixtures.js';
import { hostToken, namedFields } from '../../helpers/onboarding.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const ROLE = '/api/services/Platform/Role';
const USER = '/api/services/Platform/User';
const PERMISSIONS = '/api/services/Platform/Permission/GetAllPermissions';
const STRIPE = '/api/services/CRM/TenantPaymentSettings/GetStripeSettings';

interface Role {
  id: number;
  name: string;
  displayName: string;
  isStatic: boolean;
  isDefault: boolean;
  grantedPermissionNames: string[];
  userCount: number;
}

for (const engine of testEngines()) {
  describe(`Platform/Role create, update, delete and Platform/Permission on ${engine.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t.close());

    async function tenantWithAdmin() {
      const tenant = await createTenant(t);
      const tenancyName = tenant.tenant.tenancy_name;
      return { tenant, tenancyName, token: await t.http.signIn('admin', tenant.password, tenancyName) };
    }

    async function roles(token: string): Promise<Map<string, Role>> {
      const answer = await t.http.get(`${ROLE}/GetRoles`, { token });
      assert.equal(answer.status, 200, answer.text);
      return new Map((answer.body.items as Role[]).map((r) => [r.name, r]));
    }

    /** A user of the tenant with exactly the given roles, signed in. */
    async function userWithRoles(token: string, tenancyName: string, roleNames: string[]) {
      const userName = unique('user');
      const created = await t.http.post(`${USER}/CreateUser`, { userName, name: 'Rolf', surname: 'Roles', emailAddress: `${userName}@example.com`, password: 'Role-user-1', roleNames }, { token });
      assert.equal(created.status, 200, created.text);
      return { id: created.body.id as number, token: await t.http.signIn(userName, 'Role-user-1', tenancyName) };
    }

    it('creates a role whose holders get its permissions, changes them for every holder at once, deletes it and audits each step', async () => {
      const { tenant, tenancyName, token } = await tenantWithAdmin();
      const name = unique('Billing');
      const created = await t.http.post(`${ROLE}/CreateRole`, { name, displayName: 'Billing clerks', grantedPermissionNames: ['Payments.Manage', 'Payments.Manage'] }, { token });
      assert.equal(created.status, 200, created.text);
      assert.deepEqual({ ...created.body, id: 0, creationTime: '' }, {
        id: 0, name, displayName: 'Billing clerks', isStatic: false, isDefault: false, creationTime: '', grantedPermissionNames: ['Payments.Manage'], userCount: 0,
      });
      const stored = await t.data.roles.findById(tenant.tenant.id, created.body.id);
      assert.deepEqual(stored?.permissions, ['Payments.Manage']);

      const clerk = await userWithRoles(token, tenancyName, [name]);
      assert.equal((await roles(token)).get(name)?.userCount, 1);
      assert.equal((await t.http.get(STRIPE, { token: clerk.token })).status, 200);

      // Taking the permission away reaches the holder's open session at once.
      const updated = await t.http.put(`${ROLE}/UpdateRole`, { id: created.body.id, grantedPermissionNames: ['AuditLogs.Read'], isDefault: true }, { token });
      assert.equal(updated.status, 200, updated.text);
      assert.deepEqual(updated.body.grantedPermissionNames, ['AuditLogs.Read']);
      assert.equal(updated.body.isDefault, true);
      assert.equal(updated.body.userCount, 1);
      assert.equal((await t.http.get(STRIPE, { token: clerk.token })).status, 403);
      assert.equal((await t.http.get('/api/services/Platform/AuditLog/GetAuditLogs', { token: clerk.token })).status, 200);

      const deleted = await t.http.delete(`${ROLE}/DeleteRole?id=${created.body.id}`, { token });
      assert.equal(deleted.status, 200, deleted.text);
      assert.equal(await t.data.roles.findById(tenant.tenant.id, created.body.id), undefined);
      assert.equal((await t.http.get('/api/services/Platform/AuditLog/GetAuditLogs', { token: clerk.token })).status, 403);
      assert.deepEqual((await t.http.get(`${USER}/GetUser?id=${clerk.id}`, { token })).body.roleNames, []);

      const actions = (await t.data.auditLog.listForTenant(tenant.tenant.id)).map((a) => a.action).filter((a) => a.startsWith('role.'));
      assert.deepEqual(actions.sort(), ['role.created', 'role.deleted', 'role.updated']);
    });

    it('refuses bad names and permissions with a 400 naming the field, a taken name with a 409, and creates nothing', async () => {
      const { tenant, token } = await tenantWithAdmin();
      const before = (await t.data.roles.listForTenant(tenant.tenant.id)).length;
      const bad = await t.http.post(`${ROLE}/CreateRole`, { name: '9 lives', grantedPermissionNames: ['Tenants.Manage', 'No.Such'] }, { token });
      assert.equal(bad.status, 400);
      assert.deepEqual(namedFields(bad), ['grantedPermissionNames', 'name']);
      assert.match(bad.text, /Tenants\.Manage/);
      const taken = await t.http.post(`${ROLE}/CreateRole`, { name: 'admin', grantedPermissionNames: [] }, { token });
      assert.equal(taken.status, 409);
      assert.deepEqual(namedFields(taken), ['name']);
      assert.equal((await t.http.post(`${ROLE}/CreateRole`, { name: 'x'.repeat(65), grantedPermissionNames: [] }, { token })).status, 400);
      assert.equal((await t.data.roles.listForTenant(tenant.tenant.id)).length, before);
    });

    it('keeps the static roles: Admin keeps its name and every permission, and neither static role can be deleted', async () => {
      const { token } = await tenantWithAdmin();
      const all = await roles(token);
      const admin = all.get('Admin')!;
      const renamed = await t.http.put(`${ROLE}/UpdateRole`, { id: admin.id, name: 'Boss' }, { token });
      assert.equal(renamed.status, 400);
      assert.deepEqual(namedFields(renamed), ['name']);
      const narrowed = await t.http.put(`${ROLE}/UpdateRole`, { id: admin.id, grantedPermissionNames: ['Users.Manage'] }, { token });
      assert.equal(narrowed.status, 400);
      assert.deepEqual(namedFields(narrowed), ['grantedPermissionNames']);
      // Its display name may change.
      assert.equal((await t.http.put(`${ROLE}/UpdateRole`, { id: admin.id, displayName: 'Administrators' }, { token })).body.displayName, 'Administrators');
      for (const role of [admin, all.get('User')!]) assert.equal((await t.http.delete(`${ROLE}/DeleteRole?id=${role.id}`, { token })).status, 409);
      assert.equal((await roles(token)).get('Admin')!.grantedPermissionNames.length, admin.grantedPermissionNames.length);
    });

    it("answers another tenant's role as not found and changes nothing", async () => {
      const { token } = await tenantWithAdmin();
      const other = await tenantWithAdmin();
      const role = (await t.http.post(`${ROLE}/CreateRole`, { name: unique('Theirs'), grantedPermissionNames: [] }, { token: other.token })).body as Role;
      assert.equal((await t.http.put(`${ROLE}/UpdateRole`, { id: role.id, displayName: 'Mine now' }, { token })).status, 404);
      assert.equal((await t.http.delete(`${ROLE}/DeleteRole?id=${role.id}`, { token })).status, 404);
      assert.equal((await roles(other.token)).get(role.name)?.displayName, role.name);
    });

    it('lets nobody grant through a role a permission it does not hold, while taking one away is allowed', async () => {
      const { tenancyName, token } = await tenantWithAdmin();
      const managers = unique('Managers');
      await t.http.post(`${ROLE}/CreateRole`, { name: managers, grantedPermissionNames: ['Users.Manage'] }, { token });
      const billing = (await t.http.post(`${ROLE}/CreateRole`, { name: unique('Billing'), grantedPermissionNames: ['Payments.Manage', 'AuditLogs.Read'] }, { token })).body as Role;
      const manager = await userWithRoles(token, tenancyName, [managers]);
      const escalate = await t.http.post(`${ROLE}/CreateRole`, { name: unique('Mine'), grantedPermissionNames: ['Payments.Manage'] }, { token: manager.token });
      assert.equal(escalate.status, 403);
      assert.equal((await t.http.put(`${ROLE}/UpdateRole`, { id: billing.id, grantedPermissionNames: ['Payments.Manage', 'Settings.Manage'] }, { token: manager.token })).status, 403);
      const narrowed = await t.http.put(`${ROLE}/UpdateRole`, { id: billing.id, grantedPermissionNames: ['Payments.Manage'] }, { token: manager.token });
      assert.equal(narrowed.status, 200, narrowed.text);
      // Whoever may not manage users may not see or touch roles at all.
      const userToken = (await userWithRoles(token, tenancyName, ['User'])).token;
      assert.equal((await t.http.post(`${ROLE}/CreateRole`, { name: unique('R'), grantedPermissionNames: [] }, { token: userToken })).status, 403);
      assert.equal((await t.http.get(PERMISSIONS, { token: userToken })).status, 403);
    });

    it('lists the permissions a role can grant: a tenant’s without the host’s, the host’s all', async () => {
      const { token } = await tenantWithAdmin();
      const tenantList = (await t.http.get(PERMISSIONS, { token })).body.items as { name: string; displayName: string }[];
      assert.ok(tenantList.some((p) => p.name === 'Users.Manage' && p.displayName === 'Manage Users'));
      assert.ok(!tenantList.some((p) => p.name === 'Tenants.Manage'));
      const hostList = (await t.http.get(PERMISSIONS, { token: await hostToken(t) })).body.items as { name: string }[];
      assert.ok(hostList.some((p) => p.name === 'Tenants.Manage'));
    });
  });
}
