import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../helpers/engines.js';
import { createTenant, unique } from '../../helpers/fixtures.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { WHO_AM_I } from '../../helpers/http.js';

const USER = '/api/services/Platform/User';
const AUTH = '/api/TokenAuth/Authenticate';

for (const engine of testEngines()) {
  describe(`users within a tenant on ${engine.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine, { LOCKOUT_MAX_FAILURES: '3', LOCKOUT_SECONDS: '600' });
    });
    after(() => t.close());

    /** A fresh tenant and its admin's access token. */
    async function tenantWithAdmin() {
      const tenant = await createTenant(t);
      const token = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      return { ...tenant, tenancyName: tenant.tenant.tenancy_name, token };
    }

    /** A user body with random, valid identity fields. */
    function newUser(overrides: Record<string, unknown> = {}) {
      const userName = unique('user');
      return {
        userName,
        name: 'Ada',
        surname: 'Lovelace',
        emailAddress: `${userName}@example.com`,
        password: 'Secret-pass-1',
        isActive: true,
        shouldChangePasswordOnNextLogin: false,
        roleNames: ['User'],
        ...overrides,
      };
    }

    it('creates a user and answers the user DTO without any password hash', async () => {
      const { token, tenant } = await tenantWithAdmin();
      const body = newUser({ phoneNumber: '+14155552671' });
      const answer = await t.http.post(`${USER}/CreateUser`, body, { token });
      assert.equal(answer.status, 200, answer.text);
      const user = answer.body;
      assert.deepEqual(Object.keys(user).sort(), [
        'creationTime', 'emailAddress', 'id', 'isActive', 'isEmailConfirmed', 'isInvitationPending', 'isLockedOut', 'name', 'phoneNumber',
        'roleNames', 'shouldChangePasswordOnNextLogin', 'surname', 'userName',
      ]);
      assert.equal(user.userName, body.userName);
      assert.equal(user.phoneNumber, '+14155552671');
      assert.deepEqual(user.roleNames, ['User']);
      assert.equal(user.isLockedOut, false);
      assert.doesNotMatch(answer.text, /argon2|passwordHash|password_hash/i);
      const stored = await t.data.users.findById(tenant.id, user.id);
      assert.equal(stored?.email, body.emailAddress);
      // The new user can sign in with the chosen password.
      await t.http.signIn(body.userName, body.password, tenant.tenancy_name);
    });

    it('generates a password when none is given, answers it once and requires a change at next sign-in', async () => {
      const { token, tenancyName } = await tenantWithAdmin();
      const body = newUser({ password: undefined, roleNames: undefined });
      const answer = await t.http.post(`${USER}/CreateUser`, body, { token });
      assert.equal(answer.status, 200, answer.text);
      assert.equal(typeof answer.body.generatedPassword, 'string');
      assert.equal(answer.body.shouldChangePasswordOnNextLogin, true);
      assert.deepEqual(answer.body.roleNames, ['User'], 'the default role when roleNames is absent');
      const signIn = await t.http.post(AUTH, { userNameOrEmailAddress: body.userName, password: answer.body.generatedPassword, tenancyName });
      assert.equal(signIn.status, 200);
      assert.equal(signIn.body.shouldResetPassword, true);
      const again = await t.http.get(`${USER}/GetUser?id=${answer.body.id}`, { token });
      assert.equal(again.body.generatedPassword, undefined);
    });

    it('names each invalid field in a 400', async () => {
      const { token } = await tenantWithAdmin();
      const answer = await t.http.post(
        `${USER}/CreateUser`,
        newUser({ userName: 'has space', emailAddress: 'string', phoneNumber: '12', password: 'abc', roleNames: ['NoSuchRole'] }),
        { token },
      );
      assert.equal(answer.status, 400);
      const members = answer.body.error.validationErrors.flatMap((v: { members: string[] }) => v.members).sort();
      assert.deepEqual(members, ['emailAddress', 'password', 'phoneNumber', 'userName']);
      const role = await t.http.post(`${USER}/CreateUser`, newUser({ roleNames: ['NoSuchRole'] }), { token });
      assert.equal(role.status, 400);
      assert.deepEqual(role.body.error.validationErrors[0].members, ['roleNames']);
    });

    it('answers 409 naming the field when the user name or e-mail address is taken in the tenant, ignoring case', async () => {
      const { token } = await tenantWithAdmin();
      const first = newUser();
      assert.equal((await t.http.post(`${USER}/CreateUser`, first, { token })).status, 200);
      const sameName = await t.http.post(`${USER}/CreateUser`, newUser({ userName: first.userName.toUpperCase() }), { token });
      assert.equal(sameName.status, 409);
      assert.deepEqual(sameName.body.error.validationErrors[0].members, ['userName']);
      const sameEmail = await t.http.post(`${USER}/CreateUser`, newUser({ emailAddress: first.emailAddress.toUpperCase() }), { token });
      assert.equal(sameEmail.status, 409);
      assert.deepEqual(sameEmail.body.error.validationErrors[0].members, ['emailAddress']);
      const nameIsAnEmail = await t.http.post(`${USER}/CreateUser`, newUser({ userName: first.emailAddress }), { token });
      assert.equal(nameIsAnEmail.status, 409);
      assert.deepEqual(nameIsAnEmail.body.error.validationErrors[0].members, ['userName']);

      // Another tenant may use the same user name and e-mail address.
      const other = await tenantWithAdmin();
      assert.equal((await t.http.post(`${USER}/CreateUser`, first, { token: other.token })).status, 200);
    });

    it('lists users one page at a time, filtered by text in any name field and sorted', async () => {
      const { token } = await tenantWithAdmin();
      const marker = unique('zq');
      for (const [i, surname] of ['Charlie', 'alpha', 'Bravo'].entries()) {
        const body = newUser({ surname: `${surname}${i}`, name: i === 1 ? `Mr ${marker.toUpperCase()}` : 'Plain' });
        if (i !== 1) body.emailAddress = `${marker}${i}@example.com`;
        assert.equal((await t.http.post(`${USER}/CreateUser`, body, { token })).status, 200);
      }
      await t.http.post(`${USER}/CreateUser`, newUser(), { token });

      const all = await t.http.get(`${USER}/GetUsers`, { token });
      assert.equal(all.status, 200);
      assert.equal(all.body.totalCount, 5, 'the admin and four users');

      const filtered = await t.http.get(`${USER}/GetUsers?Filter=${marker}&Sorting=surname%20desc&MaxResultCount=2`, { token });
      assert.equal(filtered.status, 200, filtered.text);
      assert.equal(filtered.body.totalCount, 3);
      assert.deepEqual(filtered.body.items.map((u: { surname: string }) => u.surname), ['Charlie0', 'Bravo2']);
      const second = await t.http.get(`${USER}/GetUsers?filter=${marker}&sorting=surname%20desc&maxResultCount=2&skipCount=2`, { token });
      assert.deepEqual(second.body.items.map((u: { surname: string }) => u.surname), ['alpha1']);

      const wildcard = await t.http.get(`${USER}/GetUsers?filter=%25`, { token });
      assert.equal(wildcard.body.totalCount, 0, '% is a literal character, not a wildcard');

      assert.equal((await t.http.get(`${USER}/GetUsers?maxResultCount=1001`, { token })).status, 400);
      const badSort = await t.http.get(`${USER}/GetUsers?sorting=password_hash`, { token });
      assert.equal(badSort.status, 400);
      assert.deepEqual(badSort.body.error.validationErrors[0].members, ['sorting']);
    });

    it('never lets a tenant admin read, change or delete another tenant’s users by id', async () => {
      const a = await tenantWithAdmin();
      const b = await tenantWithAdmin();
      const victim = (await t.http.post(`${USER}/CreateUser`, newUser(), { token: b.token })).body;
      const attempts = [
        await t.http.get(`${USER}/GetUser?id=${victim.id}`, { token: a.token }),
        await t.http.put(`${USER}/UpdateUser`, { id: victim.id, name: 'Hacked' }, { token: a.token }),
        await t.http.delete(`${USER}/DeleteUser?id=${victim.id}`, { token: a.token }),
        await t.http.put(`${USER}/UpdateUserRoles`, { userId: victim.id, roleNames: ['Admin'] }, { token: a.token }),
        await t.http.post(`${USER}/ResetPassword`, { userId: victim.id, newPassword: 'Taken-over-1' }, { token: a.token }),
        await t.http.post(`${USER}/UnlockUser`, { id: victim.id }, { token: a.token }),
        await t.http.get(`${USER}/GetUser?id=${b.admin.id}`, { token: a.token }),
      ];
      assert.deepEqual(attempts.map((r) => r.status), [404, 404, 404, 404, 404, 404, 404]);
      const list = await t.http.get(`${USER}/GetUsers?maxResultCount=1000`, { token: a.token });
      assert.ok(!list.body.items.some((u: { id: number }) => u.id === victim.id || u.id === b.admin.id));
      const untouched = await t.data.users.findById(b.tenant.id, victim.id);
      assert.equal(untouched?.name, 'Ada');
    });

    it('lets the host admin manage host users, and keeps tenant users out of the host list', async () => {
      const hostToken = await t.http.signIn('admin', HOST_ADMIN_PASSWORD);
      const body = newUser({ roleNames: [] });
      const created = await t.http.post(`${USER}/CreateUser`, body, { token: hostToken });
      assert.equal(created.status, 200, created.text);
      const hostSignIn = await t.http.post(AUTH, { userNameOrEmailAddress: body.userName, password: body.password });
      assert.equal(hostSignIn.status, 200);
      assert.equal(hostSignIn.body.tenantId, null);
      const tenant = await tenantWithAdmin();
      assert.equal((await t.http.get(`${USER}/GetUser?id=${tenant.admin.id}`, { token: hostToken })).status, 404);
    });

    it('updates only the given fields', async () => {
      const { token } = await tenantWithAdmin();
      const user = (await t.http.post(`${USER}/CreateUser`, newUser({ phoneNumber: '+14155552671' }), { token })).body;
      const answer = await t.http.put(`${USER}/UpdateUser`, { id: user.id, surname: 'Byron', phoneNumber: null }, { token });
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.body.surname, 'Byron');
      assert.equal(answer.body.name, 'Ada');
      assert.equal(answer.body.phoneNumber, null);
      assert.equal(answer.body.userName, user.userName);
    });

    it('deactivation ends the user’s tokens at once; reactivation needs a new sign-in', async () => {
      const { token, tenancyName } = await tenantWithAdmin();
      const body = newUser();
      const user = (await t.http.post(`${USER}/CreateUser`, body, { token })).body;
      const pair = (await t.http.post(AUTH, { userNameOrEmailAddress: body.userName, password: body.password, tenancyName })).body;
      assert.equal((await t.http.get(WHO_AM_I, { token: pair.accessToken })).status, 200);

      assert.equal((await t.http.put(`${USER}/UpdateUser`, { id: user.id, isActive: false }, { token })).status, 200);
      assert.equal((await t.http.get(WHO_AM_I, { token: pair.accessToken })).status, 401);
      assert.equal((await t.http.post('/api/TokenAuth/RefreshToken', { refreshToken: pair.refreshToken })).status, 401);
      const whileInactive = await t.http.post(AUTH, { userNameOrEmailAddress: body.userName, password: body.password, tenancyName });
      assert.equal(whileInactive.status, 401);

      assert.equal((await t.http.put(`${USER}/UpdateUser`, { id: user.id, isActive: true }, { token })).status, 200);
      assert.equal((await t.http.get(WHO_AM_I, { token: pair.accessToken })).status, 401, 'old tokens stay dead');
      const fresh = await t.http.signIn(body.userName, body.password, tenancyName);
      assert.equal((await t.http.get(WHO_AM_I, { token: fresh })).status, 200);
    });

    it('deletion ends the user’s tokens at once and frees the user name; you cannot delete yourself or the last admin', async () => {
      const { token, tenancyName, admin } = await tenantWithAdmin();
      const body = newUser();
      const user = (await t.http.post(`${USER}/CreateUser`, body, { token })).body;
      const userToken = await t.http.signIn(body.userName, body.password, tenancyName);
      const deleted = await t.http.delete(`${USER}/DeleteUser?Id=${user.id}`, { token });
      assert.equal(deleted.status, 200);
      assert.equal(deleted.text, '');
      assert.equal((await t.http.get(WHO_AM_I, { token: userToken })).status, 401);
      assert.equal((await t.http.get(`${USER}/GetUser?id=${user.id}`, { token })).status, 404);
      assert.equal((await t.http.delete(`${USER}/DeleteUser?id=${user.id}`, { token })).status, 404);
      assert.equal((await t.http.post(`${USER}/CreateUser`, body, { token })).status, 200, 'the user name is free again');

      const self = await t.http.delete(`${USER}/DeleteUser?id=${admin.id}`, { token });
      assert.equal(self.status, 400);
      assert.deepEqual(self.body.error.validationErrors[0].members, ['id']);

      // With a second admin the first can go; the second is then the last one and keeps the Admin role.
      const second = newUser({ roleNames: ['Admin'] });
      const secondAdmin = (await t.http.post(`${USER}/CreateUser`, second, { token })).body;
      const secondToken = await t.http.signIn(second.userName, second.password, tenancyName);
      assert.equal((await t.http.delete(`${USER}/DeleteUser?id=${admin.id}`, { token: secondToken })).status, 200);
      const demote = await t.http.put(`${USER}/UpdateUserRoles`, { userId: secondAdmin.id, roleNames: ['User'] }, { token: secondToken });
      assert.equal(demote.status, 409, 'the last active admin keeps the Admin role');
      const other = (await t.http.post(`${USER}/CreateUser`, newUser(), { token: secondToken })).body;
      assert.equal((await t.http.delete(`${USER}/DeleteUser?id=${other.id}`, { token: secondToken })).status, 200);
    });

    it('role changes take effect at once for the user’s permissions', async () => {
      const { token, tenancyName } = await tenantWithAdmin();
      const body = newUser();
      const user = (await t.http.post(`${USER}/CreateUser`, body, { token })).body;
      const userToken = await t.http.signIn(body.userName, body.password, tenancyName);
      assert.equal((await t.http.get(`${USER}/GetUsers`, { token: userToken })).status, 403);

      const promoted = await t.http.put(`${USER}/UpdateUserRoles`, { userId: user.id, roleNames: ['admin', 'User'] }, { token });
      assert.equal(promoted.status, 200, promoted.text);
      assert.deepEqual(promoted.body.roleNames, ['Admin', 'User']);
      assert.equal((await t.http.get(`${USER}/GetUsers`, { token: userToken })).status, 200);

      assert.equal((await t.http.put(`${USER}/UpdateUserRoles`, { userId: user.id, roleNames: [] }, { token })).status, 200);
      assert.equal((await t.http.get(`${USER}/GetUsers`, { token: userToken })).status, 403);
    });

    it('lists the tenant’s roles with their permissions', async () => {
      const { token } = await tenantWithAdmin();
      const answer = await t.http.get('/api/services/Platform/Role/GetRoles', { token });
      assert.equal(answer.status, 200);
      const byName = new Map(answer.body.items.map((r: { name: string }) => [r.name, r]));
      const admin = byName.get('Admin') as { grantedPermissionNames: string[]; isStatic: boolean };
      assert.ok(admin.grantedPermissionNames.includes('Users.Manage'));
      assert.ok(!admin.grantedPermissionNames.includes('Tenants.Manage'));
      assert.equal((byName.get('User') as { isDefault: boolean }).isDefault, true);
    });

    it('shows a lockout and ends it with UnlockUser', async () => {
      const { token, tenancyName } = await tenantWithAdmin();
      const body = newUser();
      const user = (await t.http.post(`${USER}/CreateUser`, body, { token })).body;
      for (let i = 0; i < 3; i++) {
        await t.http.post(AUTH, { userNameOrEmailAddress: body.userName, password: 'wrong-password', tenancyName });
      }
      const locked = await t.http.post(AUTH, { userNameOrEmailAddress: body.userName, password: body.password, tenancyName });
      assert.equal(locked.status, 401);
      assert.equal((await t.http.get(`${USER}/GetUser?id=${user.id}`, { token })).body.isLockedOut, true);

      const unlocked = await t.http.post(`${USER}/UnlockUser`, { id: user.id }, { token });
      assert.equal(unlocked.status, 200);
      assert.equal((await t.http.get(`${USER}/GetUser?id=${user.id}`, { token })).body.isLockedOut, false);
      assert.equal((await t.http.post(AUTH, { userNameOrEmailAddress: body.userName, password: body.password, tenancyName })).status, 200);
    });

    it('ResetPassword sets a new password and ends the user’s tokens at once', async () => {
      const { token, tenancyName } = await tenantWithAdmin();
      const body = newUser();
      const user = (await t.http.post(`${USER}/CreateUser`, body, { token })).body;
      const userToken = await t.http.signIn(body.userName, body.password, tenancyName);
      const reset = await t.http.post(`${USER}/ResetPassword`, { userId: user.id, newPassword: 'Brand-new-1', shouldChangePasswordOnNextLogin: true }, { token });
      assert.equal(reset.status, 200, reset.text);
      assert.deepEqual(reset.body, {});
      assert.equal((await t.http.get(WHO_AM_I, { token: userToken })).status, 401);
      assert.equal((await t.http.post(AUTH, { userNameOrEmailAddress: body.userName, password: body.password, tenancyName })).status, 401);
      const signIn = await t.http.post(AUTH, { userNameOrEmailAddress: body.userName, password: 'Brand-new-1', tenancyName });
      assert.equal(signIn.status, 200);
      assert.equal(signIn.body.shouldResetPassword, true);

      const generated = await t.http.post(`${USER}/ResetPassword`, { userId: user.id, shouldChangePasswordOnNextLogin: false }, { token });
      assert.equal(typeof generated.body.generatedPassword, 'string');
      await t.http.signIn(body.userName, generated.body.generatedPassword, tenancyName);
      const weak = await t.http.post(`${USER}/ResetPassword`, { userId: user.id, newPassword: '123' }, { token });
      assert.equal(weak.status, 400);
      assert.deepEqual(weak.body.error.validationErrors[0].members, ['newPassword']);
    });

    it('ChangePassword checks the current password, ends every earlier credential and answers a fresh token pair', async () => {
      const { tenancyName, token: adminToken } = await tenantWithAdmin();
      const body = newUser();
      await t.http.post(`${USER}/CreateUser`, body, { token: adminToken });
      const first = await t.http.signIn(body.userName, body.password, tenancyName);
      const second = await t.http.signIn(body.userName, body.password, tenancyName);

      const wrong = await t.http.post(`${USER}/ChangePassword`, { currentPassword: 'not-it-at-all', newPassword: 'Next-pass-1' }, { token: first });
      assert.equal(wrong.status, 400);
      assert.deepEqual(wrong.body.error.validationErrors[0].members, ['currentPassword']);
      assert.equal(wrong.body.unAuthorizedRequest, false);
      const weak = await t.http.post(`${USER}/ChangePassword`, { currentPassword: body.password, newPassword: 'abc' }, { token: first });
      assert.equal(weak.status, 400);

      const changed = await t.http.post(`${USER}/ChangePassword`, { currentPassword: body.password, newPassword: 'Next-pass-1' }, { token: first });
      assert.equal(changed.status, 200, changed.text);
      assert.equal(typeof changed.body.accessToken, 'string');
      assert.equal((await t.http.get(WHO_AM_I, { token: second })).status, 401, 'another session ends');
      assert.equal((await t.http.get(WHO_AM_I, { token: first })).status, 401, 'the token used ends too');
      assert.equal((await t.http.get(WHO_AM_I, { token: changed.body.accessToken })).status, 200, 'the fresh pair works');
      assert.equal((await t.http.post(AUTH, { userNameOrEmailAddress: body.userName, password: body.password, tenancyName })).status, 401);
      await t.http.signIn(body.userName, 'Next-pass-1', tenancyName);
    });

    it('refuses every user method to a user without Users.Manage and to anonymous callers', async () => {
      const { token, tenancyName, admin } = await tenantWithAdmin();
      const body = newUser();
      await t.http.post(`${USER}/CreateUser`, body, { token });
      const userToken = await t.http.signIn(body.userName, body.password, tenancyName);
      const calls = [
        (o?: { token: string }) => t.http.post(`${USER}/CreateUser`, newUser(), o),
        (o?: { token: string }) => t.http.get(`${USER}/GetUsers`, o),
        (o?: { token: string }) => t.http.get(`${USER}/GetUser?id=${admin.id}`, o),
        (o?: { token: string }) => t.http.put(`${USER}/UpdateUser`, { id: admin.id, name: 'x' }, o),
        (o?: { token: string }) => t.http.delete(`${USER}/DeleteUser?id=${admin.id}`, o),
        (o?: { token: string }) => t.http.put(`${USER}/UpdateUserRoles`, { userId: admin.id, roleNames: [] }, o),
        (o?: { token: string }) => t.http.post(`${USER}/ResetPassword`, { userId: admin.id, newPassword: 'Whatever-1' }, o),
        (o?: { token: string }) => t.http.post(`${USER}/UnlockUser`, { id: admin.id }, o),
        (o?: { token: string }) => t.http.get('/api/services/Platform/Role/GetRoles', o),
      ];
      for (const call of calls) {
        assert.equal((await call({ token: userToken })).status, 403);
        assert.equal((await call()).status, 401);
      }
      assert.equal((await t.http.post(`${USER}/ChangePassword`, { currentPassword: 'a', newPassword: 'bbbbbb' })).status, 401);
    });
  });
}
