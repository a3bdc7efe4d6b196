import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { HOST_TENANT_ID } from '../../../src/domain/caller.js';
import { allPermissions, type Permission } from '../../../src/domain/permissions.js';
import { API_KEY_DELETE, API_KEY_GENERATE, API_KEY_UPDATE, generateKey, inFuture } from '../../helpers/api-key-fixtures.js';
import { testEngines } from '../../helpers/engines.js';
import { createTenant, createUser, unique } from '../../helpers/fixtures.js';
import { WHO_AM_I } from '../../helpers/http.js';
import { askLoginLink, sessionThroughLink, tokenOfLink } from '../../helpers/login-links.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../../helpers/test-app.js';

const IMPERSONATE = '/api/services/Platform/Account/Impersonate';
const BACK = '/api/services/Platform/Account/BackToImpersonator';
const REDEEM = '/api/TokenAuth/ImpersonatedAuthenticate';
const AUDIT = '/api/services/Platform/AuditLog/GetAuditLogs';

/** The token's id (the middle of `tenant.id.secret`), to find its row. */
const tokenId = (token: string) => token.split('.')[1]!;

for (const engine of testEngines()) {
  describe(`impersonation on ${engine.name}`, () => {
    let t: TestApp;
    let hostToken: string;
    let hostAdminId: number;

    before(async () => {
      t = await startTestApp(engine);
      hostToken = await t.http.signIn('admin', HOST_ADMIN_PASSWORD);
      hostAdminId = (await t.http.get(WHO_AM_I, { token: hostToken })).body.user.id;
    });
    after(() => t.close());

    /** A tenant, its admin signed in, and a user of it holding `permissions`, signed in. */
    async function tenantWithUser(permissions: readonly Permission[] = ['Settings.Manage']) {
      const tenant = await createTenant(t);
      const adminToken = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      const member = await createUser(t, tenant.tenant, permissions);
      return { tenant, adminToken, member };
    }

    /** Impersonates through the API and redeems the token, as ABP's client does (the token in the query string). */
    async function impersonateAs(token: string, target: { userId: number; tenantId: number | null }) {
      const issued = await t.http.post(IMPERSONATE, target, { token });
      assert.equal(issued.status, 200, issued.text);
      const redeemed = await t.http.post(`${REDEEM}?impersonationToken=${encodeURIComponent(issued.body.impersonationToken)}`);
      assert.equal(redeemed.status, 200, redeemed.text);
      return redeemed.body as { accessToken: string; refreshToken: string; encryptedAccessToken: string; expireInSeconds: number };
    }

    async function auditEntries(filter: string) {
      const answer = await t.http.get(`${AUDIT}?maxResultCount=100&${filter}`, { token: hostToken });
      assert.equal(answer.status, 200, answer.text);
      return answer.body.items as Record<string, unknown>[];
    }

    it('a host admin impersonates a tenant user, acts under both names, and goes back to its own session', async () => {
      const { tenant, adminToken, member } = await tenantWithUser();
      const issued = await t.http.post(IMPERSONATE, { userId: member.user.id, tenantId: tenant.tenant.id }, { token: hostToken });
      assert.equal(issued.status, 200, issued.text);
      assert.equal(issued.body.tenancyName, tenant.tenant.tenancy_name);
      assert.match(issued.headers.get('cache-control') ?? '', /no-store/);
      const row = await t.database.db.selectFrom('one_time_tokens').selectAll().where('id', '=', tokenId(issued.body.impersonationToken)).executeTakeFirstOrThrow();
      assert.equal(row.purpose, 'impersonation');
      assert.ok(!row.token_hash.toString('utf8').includes(issued.body.impersonationToken.split('.')[2]!), 'stored hashed');
      assert.ok(row.expires_at.getTime() - row.created_at.getTime() <= 61_000, 'valid one minute');

      const redeemed = await t.http.post(`${REDEEM}?impersonationToken=${encodeURIComponent(issued.body.impersonationToken)}`);
      assert.equal(redeemed.status, 200, redeemed.text);
      assert.equal(typeof redeemed.body.accessToken, 'string');
      assert.equal(typeof redeemed.body.encryptedAccessToken, 'string');
      assert.ok(redeemed.body.expireInSeconds > 0);
      const asMember = redeemed.body.accessToken as string;

      const who = await t.http.get(WHO_AM_I, { token: asMember });
      assert.equal(who.status, 200, who.text);
      assert.equal(who.body.user.userName, member.user.user_name);
      assert.equal(who.body.tenant.id, tenant.tenant.id);
      assert.equal(who.body.impersonatorUser.userName, 'admin');
      assert.equal(who.body.impersonatorUser.id, hostAdminId);
      assert.equal(who.body.impersonatorTenant, null, 'the impersonator is a host user');
      assert.equal(who.body.impersonatorUserId, hostAdminId);
      assert.equal(who.body.impersonatorTenantId, null);
      const own = await t.http.get(WHO_AM_I, { token: hostToken });
      assert.equal(own.body.impersonatorUser, null);
      assert.equal(own.body.impersonatorUserId, null);

      // An action in the impersonated session is audited under the user's name and the impersonator's.
      const changed = await t.http.put('/api/services/Platform/TenantSettings/UpdateGeneralSettings', { timezone: 'Europe/Paris' }, { token: asMember });
      assert.equal(changed.status, 200, changed.text);
      const [entry] = await auditEntries(`tenantId=${tenant.tenant.id}&action=settings.general.updated`);
      assert.equal(entry!.userName, member.user.user_name);
      assert.equal(entry!.userId, member.user.id);
      assert.equal(entry!.impersonatorUserId, hostAdminId);
      assert.equal(entry!.impersonatorTenantId, null);
      assert.equal(entry!.impersonatorUserName, 'admin');
      // The tenant reads the entry too, naming the impersonator, but not the host's address.
      const theirs = await t.http.get(`${AUDIT}?action=settings.general.updated`, { token: adminToken });
      assert.equal(theirs.status, 200, theirs.text);
      assert.equal(theirs.body.items[0].impersonatorUserName, 'admin');
      assert.equal(theirs.body.items[0].clientIpAddress, null);
      // Searching for the impersonator's name finds what it did as someone else.
      const byName = await auditEntries(`tenantId=${tenant.tenant.id}&userName=admin&action=settings.general.updated`);
      assert.equal(byName.length, 1);

      const back = await t.http.post(BACK, {}, { token: asMember });
      assert.equal(back.status, 200, back.text);
      assert.equal(back.body.tenancyName, null, 'back to the host');
      assert.equal((await t.http.get(WHO_AM_I, { token: asMember })).status, 401, 'the impersonated session ended at once');
      const returned = await t.http.post(`${REDEEM}?impersonationToken=${encodeURIComponent(back.body.impersonationToken)}`);
      assert.equal(returned.status, 200, returned.text);
      const whoAgain = await t.http.get(WHO_AM_I, { token: returned.body.accessToken });
      assert.equal(whoAgain.body.user.id, hostAdminId);
      assert.equal(whoAgain.body.impersonatorUser, null);
      // Back in its own password session, the host admin may impersonate again.
      assert.equal((await t.http.post(IMPERSONATE, { userId: member.user.id, tenantId: tenant.tenant.id }, { token: returned.body.accessToken })).status, 200);

      const actions = (await auditEntries(`tenantId=${tenant.tenant.id}&action=impersonation.`)).map((e) => e.action).sort();
      assert.deepEqual(actions, ['impersonation.ended', 'impersonation.requested', 'impersonation.requested', 'impersonation.started']);
      const hostSide = (await auditEntries(`tenantId=0&action=impersonation.`)).filter((e) => (e.details as { tenantId?: number } | null)?.tenantId === tenant.tenant.id || e.action === 'impersonation.returned');
      assert.ok(hostSide.some((e) => e.action === 'impersonation.requested'));
      assert.ok(hostSide.some((e) => e.action === 'impersonation.ended' && e.impersonatorUserId === hostAdminId && e.userId === member.user.id));
      assert.ok(hostSide.some((e) => e.action === 'impersonation.returned' && e.userId === hostAdminId));
    });

    it('an impersonated session refreshes as one, and ends when the impersonator signs out', async () => {
      const { tenant, member } = await tenantWithUser();
      const ownToken = await t.http.signIn('admin', HOST_ADMIN_PASSWORD);
      const pair = await impersonateAs(ownToken, { userId: member.user.id, tenantId: tenant.tenant.id });
      const refreshed = await t.http.post('/api/TokenAuth/RefreshToken', { refreshToken: pair.refreshToken });
      assert.equal(refreshed.status, 200, refreshed.text);
      assert.equal((await t.http.get(WHO_AM_I, { token: refreshed.body.accessToken })).body.impersonatorUserId, hostAdminId);

      assert.equal((await t.http.post('/api/TokenAuth/LogOut', {}, { token: ownToken })).status, 200);
      assert.equal((await t.http.get(WHO_AM_I, { token: refreshed.body.accessToken })).status, 401);
      assert.equal((await t.http.post('/api/TokenAuth/RefreshToken', { refreshToken: refreshed.body.refreshToken })).status, 401);
      assert.equal((await t.http.get(WHO_AM_I, { token: hostToken })).status, 200, "the host admin's other sessions live on");
    });

    it('an impersonated session ends when the impersonator is deactivated', async () => {
      const { tenant, member } = await tenantWithUser();
      const support = await createUser(t, { id: HOST_TENANT_ID, tenancy_name: '' }, allPermissions);
      const pair = await impersonateAs(support.token, { userId: member.user.id, tenantId: tenant.tenant.id });
      assert.equal((await t.http.get(WHO_AM_I, { token: pair.accessToken })).status, 200);
      const deactivated = await t.http.put('/api/services/Platform/User/UpdateUser', { id: support.user.id, isActive: false }, { token: hostToken });
      assert.equal(deactivated.status, 200, deactivated.text);
      assert.equal((await t.http.get(WHO_AM_I, { token: pair.accessToken })).status, 401);
      assert.equal((await t.http.post('/api/TokenAuth/RefreshToken', { refreshToken: pair.refreshToken })).status, 401);
    });

    it('an impersonated session ends when the impersonator loses the permission to impersonate', async () => {
      const { tenant, member } = await tenantWithUser();
      const support = await createUser(t, { id: HOST_TENANT_ID, tenancy_name: '' }, allPermissions);
      const pair = await impersonateAs(support.token, { userId: member.user.id, tenantId: tenant.tenant.id });
      const stripped = await t.http.put('/api/services/Platform/User/UpdateUserRoles', { userId: support.user.id, roleNames: [] }, { token: hostToken });
      assert.equal(stripped.status, 200, stripped.text);
      assert.equal((await t.http.get(WHO_AM_I, { token: pair.accessToken })).status, 401);
      assert.equal((await t.http.post('/api/TokenAuth/RefreshToken', { refreshToken: pair.refreshToken })).status, 401);
      assert.equal((await t.http.get(WHO_AM_I, { token: support.token })).status, 200, "the impersonator's own session lives on");
    });

    it('an impersonation token works once, within its minute', async () => {
      const { tenant, member } = await tenantWithUser();
      const target = { userId: member.user.id, tenantId: tenant.tenant.id };
      const once = await t.http.post(IMPERSONATE, target, { token: hostToken });
      const url = `${REDEEM}?impersonationToken=${encodeURIComponent(once.body.impersonationToken)}`;
      assert.equal((await t.http.post(url)).status, 200);
      const replay = await t.http.post(url);
      assert.equal(replay.status, 401);
      assert.equal(replay.body.unAuthorizedRequest, true);

      const late = await t.http.post(IMPERSONATE, target, { token: hostToken });
      await sql`update one_time_tokens set expires_at = now() - interval '1 second' where id = ${tokenId(late.body.impersonationToken)}::uuid`.execute(t.database.db);
      assert.equal((await t.http.post(`${REDEEM}?impersonationToken=${encodeURIComponent(late.body.impersonationToken)}`)).status, 401);

      assert.equal((await t.http.post(`${REDEEM}?impersonationToken=garbage`)).status, 401);
      assert.equal((await t.http.post(REDEEM)).status, 400, 'no token at all is a bad request');
      // Another purpose's token is not an impersonation token.
      const link = await askLoginLink(t, hostToken, member.user.id);
      const loginToken = tokenOfLink(link.body.loginLink);
      assert.equal((await t.http.post(`${REDEEM}?impersonationToken=${encodeURIComponent(loginToken)}`)).status, 401);
    });

    it('a token is refused once its impersonator has signed out', async () => {
      const { tenant, member } = await tenantWithUser();
      const ownToken = await t.http.signIn('admin', HOST_ADMIN_PASSWORD);
      const issued = await t.http.post(IMPERSONATE, { userId: member.user.id, tenantId: tenant.tenant.id }, { token: ownToken });
      await t.http.post('/api/TokenAuth/LogOut', {}, { token: ownToken });
      assert.equal((await t.http.post(`${REDEEM}?impersonationToken=${encodeURIComponent(issued.body.impersonationToken)}`)).status, 401);
    });

    it('a tenant admin impersonates users of its own tenant only, never the host or another tenant', async () => {
      const { tenant, adminToken, member } = await tenantWithUser();
      const other = await createTenant(t);
      const pair = await impersonateAs(adminToken, { userId: member.user.id, tenantId: tenant.tenant.id });
      const who = await t.http.get(WHO_AM_I, { token: pair.accessToken });
      assert.equal(who.body.impersonatorUser.id, tenant.admin.id);
      assert.deepEqual(who.body.impersonatorTenant, { id: tenant.tenant.id, tenancyName: tenant.tenant.tenancy_name, name: tenant.tenant.name });
      assert.equal(who.body.impersonatorTenantId, tenant.tenant.id);

      const across = await t.http.post(IMPERSONATE, { userId: other.admin.id, tenantId: other.tenant.id }, { token: adminToken });
      assert.equal(across.status, 403, across.text);
      assert.equal(across.body.success, false);
      assert.equal(across.body.__abp, true);
      assert.match(across.body.error.message, /own tenant/);
      const toHost = await t.http.post(IMPERSONATE, { userId: hostAdminId, tenantId: null }, { token: adminToken });
      assert.equal(toHost.status, 403, toHost.text);
      const toHostByOmission = await t.http.post(IMPERSONATE, { userId: hostAdminId }, { token: adminToken });
      assert.equal(toHostByOmission.status, 403, 'no tenant id means the host');
    });

    it('refuses cascading, self, strangers, the inactive, a suspended tenant, and the more privileged', async () => {
      const { tenant, adminToken, member } = await tenantWithUser();
      const pair = await impersonateAs(hostToken, { userId: tenant.admin.id, tenantId: tenant.tenant.id });
      const cascade = await t.http.post(IMPERSONATE, { userId: member.user.id, tenantId: tenant.tenant.id }, { token: pair.accessToken });
      assert.equal(cascade.status, 403, cascade.text);
      assert.match(cascade.body.error.message, /impersonated session/);

      const self = await t.http.post(IMPERSONATE, { userId: hostAdminId, tenantId: null }, { token: hostToken });
      assert.equal(self.status, 400, self.text);
      assert.equal((await t.http.post(IMPERSONATE, { userId: tenant.admin.id, tenantId: tenant.tenant.id }, { token: adminToken })).status, 400);

      assert.equal((await t.http.post(IMPERSONATE, { userId: 987_654_321, tenantId: tenant.tenant.id }, { token: hostToken })).status, 404);
      assert.equal((await t.http.post(IMPERSONATE, { userId: member.user.id, tenantId: 987_654_321 }, { token: hostToken })).status, 404);

      const idle = await createUser(t, tenant.tenant, []);
      await t.http.put('/api/services/Platform/User/UpdateUser', { id: idle.user.id, isActive: false }, { token: adminToken });
      assert.equal((await t.http.post(IMPERSONATE, { userId: idle.user.id, tenantId: tenant.tenant.id }, { token: hostToken })).status, 409);

      // A tenant admin holding the permission but not everything its target holds is refused.
      const helper = await createUser(t, tenant.tenant, ['Users.Impersonation']);
      const stronger = await t.http.post(IMPERSONATE, { userId: tenant.admin.id, tenantId: tenant.tenant.id }, { token: helper.token });
      assert.equal(stronger.status, 403, stronger.text);
      assert.equal((await t.http.post(IMPERSONATE, { userId: idle.user.id, tenantId: tenant.tenant.id }, { token: helper.token })).status, 409, 'a weaker user is within reach (but inactive)');

      const suspended = await createTenant(t);
      assert.equal((await t.http.post('/api/services/Platform/Tenant/SetTenantActive', { id: suspended.tenant.id, isActive: false }, { token: hostToken })).status, 200);
      assert.equal((await t.http.post(IMPERSONATE, { userId: suspended.admin.id, tenantId: suspended.tenant.id }, { token: hostToken })).status, 409);
    });

    it('refuses callers without the permission, API keys and sessions opened through a login link', async () => {
      const { tenant, member } = await tenantWithUser();
      const target = { userId: tenant.admin.id, tenantId: tenant.tenant.id };
      const without = await t.http.post(IMPERSONATE, target, { token: member.token });
      assert.equal(without.status, 403, without.text);
      assert.match(without.body.error.message, /Users\.Impersonation/);

      const key = await generateKey(t, hostToken, { paths: 'Platform/Account/Impersonate' });
      const byKey = await t.http.post(IMPERSONATE, target, { token: key.key });
      assert.equal(byKey.status, 403, byKey.text);
      assert.match(byKey.body.error.message, /API key/);

      const support = await createUser(t, { id: HOST_TENANT_ID, tenancy_name: '' }, ['Users.Impersonation', 'Users.AutoLogin', 'Users.Manage', 'Settings.Manage']);
      const delegated = await sessionThroughLink(t, hostToken, support.user.id);
      const byLink = await t.http.post(IMPERSONATE, { userId: member.user.id, tenantId: tenant.tenant.id }, { token: delegated.accessToken });
      assert.equal(byLink.status, 403, byLink.text);
      assert.match(byLink.body.error.message, /own password/);
      assert.equal((await t.http.post(BACK, {}, { token: hostToken })).status, 400, 'a session that is not an impersonation has nobody to go back to');
    });

    it('the way back stays open in the session of an administrator who must enrol two-factor sign-in first', async () => {
      const tenant = await createTenant(t);
      await t.data.twoFactor.saveSettings(tenant.tenant.id, { isRequiredForAdmins: true, isRememberBrowserEnabled: true });
      const pair = await impersonateAs(hostToken, { userId: tenant.admin.id, tenantId: tenant.tenant.id });
      assert.equal((await t.http.get(WHO_AM_I, { token: pair.accessToken })).status, 200);
      assert.equal((await t.http.get('/api/services/Platform/User/GetUsers', { token: pair.accessToken })).status, 403, 'held until enrolment');
      const enrol = await t.http.post('/api/services/app/Profile/GenerateGoogleAuthenticatorKey', {}, { token: pair.accessToken });
      assert.equal(enrol.status, 403, 'nor may the impersonator enrol for the admin');
      const back = await t.http.post(BACK, {}, { token: pair.accessToken });
      assert.equal(back.status, 200, back.text);
    });

    it('an impersonated session cannot change passwords, manage keys, two-factor sign-in, login links or linked accounts', async () => {
      const { tenant, member } = await tenantWithUser();
      const pair = await impersonateAs(hostToken, { userId: tenant.admin.id, tenantId: tenant.tenant.id });
      const token = pair.accessToken;
      const other = await createTenant(t);
      const key = await generateKey(t, await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name));
      const refused: [string, string, unknown][] = [
        ['POST', '/api/services/Platform/User/ChangePassword', { currentPassword: tenant.password, newPassword: 'Changed-pass-1' }],
        ['POST', '/api/services/Platform/User/ResetPassword', { userId: member.user.id, newPassword: 'Reset-pass-1' }],
        ['POST', API_KEY_GENERATE, { name: unique('key'), expirationDate: inFuture() }],
        ['PUT', API_KEY_UPDATE, { id: key.id, name: 'renamed' }],
        ['DELETE', `${API_KEY_DELETE}?id=${key.id}`, undefined],
        ['POST', '/api/services/app/Profile/GenerateGoogleAuthenticatorKey', {}],
        ['PUT', '/api/services/app/Profile/UpdateGoogleAuthenticatorKey', { authenticatorCode: '000000' }],
        ['POST', '/api/services/app/Profile/DisableGoogleAuthenticator', { password: tenant.password }],
        ['GET', `/api/services/Platform/User/GetAutoLoginLink?userId=${member.user.id}`, undefined],
        ['POST', '/api/services/Platform/UserLink/LinkToUser', { tenancyName: other.tenant.tenancy_name, usernameOrEmailAddress: 'admin', password: other.password }],
        ['POST', '/api/services/Platform/UserLink/UnlinkUser', { userId: other.admin.id, tenantId: other.tenant.id }],
        ['POST', '/api/services/Platform/Account/SwitchToLinkedAccount', { targetUserId: other.admin.id, targetTenantId: other.tenant.id }],
      ];
      for (const [method, path, body] of refused) {
        const answer = await t.http.request(method, path, body, { token });
        assert.equal(answer.status, 403, `${method} ${path}: ${answer.text}`);
        assert.equal(answer.body.success, false);
        assert.equal(answer.body.unAuthorizedRequest, false);
        assert.match(answer.body.error.message, /impersonated session/, path);
      }
      // Nothing changed: the password still signs in, the key still exists, no link was made.
      assert.ok(await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name));
      assert.equal((await t.database.db.selectFrom('api_keys').select('revoked_at').where('id', '=', key.id).executeTakeFirstOrThrow()).revoked_at, null);
      assert.equal((await t.http.get('/api/services/Platform/UserLink/GetLinkedUsers', { token })).body.totalCount, 0);
      // What the user may do otherwise still works in the impersonated session, but a password it has the server
      // generate is not shown: it would outlive the impersonation.
      assert.equal((await t.http.get('/api/services/Platform/User/GetUsers', { token })).status, 200);
      const userName = unique('gen');
      const created = await t.http.post('/api/services/Platform/User/CreateUser', { userName, name: 'Gen', surname: 'Erated', emailAddress: `${userName}@example.com` }, { token });
      assert.equal(created.status, 200, created.text);
      assert.equal(created.body.generatedPassword, undefined, 'no generated password for an impersonated session');
    });
  });
}
