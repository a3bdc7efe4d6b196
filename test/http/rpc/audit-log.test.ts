import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { generateKey } from '../../helpers/api-key-fixtures.js';
import { testEngines } from '../../helpers/engines.js';
import { createTenant, unique } from '../../helpers/fixtures.js';
import { WHO_AM_I } from '../../helpers/http.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { waitFor } from '../../helpers/wait-for.js';

const GET_AUDIT_LOGS = '/api/services/Platform/AuditLog/GetAuditLogs';
const AUTHENTICATE = '/api/TokenAuth/Authenticate';
const BROWSER = { 'user-agent': 'AuditTest/1.0 (a browser)' };
const LIMIT = 3;

interface Entry {
  id: number;
  tenantId: number | null;
  userId: number | null;
  userTenantId: number | null;
  userName: string | null;
  action: string;
  target: string | null;
  executionTime: string;
  clientIpAddress: string | null;
  browserInfo: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  details: Record<string, unknown> | null;
}

for (const engine of testEngines()) {
  describe(`Platform/AuditLog/GetAuditLogs on ${engine.name}`, () => {
    let t: TestApp;
    let hostToken: string;
    before(async () => {
      t = await startTestApp(engine, { LOCKOUT_MAX_FAILURES: String(LIMIT), LOCKOUT_SECONDS: '300' });
      hostToken = await t.http.signIn('admin', HOST_ADMIN_PASSWORD);
    });
    after(() => t.close());

    const read = async (token: string, query: Record<string, string | number> = {}) => {
      const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
      const answer = await t.http.get<{ totalCount: number; items: Entry[] }>(`${GET_AUDIT_LOGS}${qs ? `?${qs}` : ''}`, { token });
      assert.equal(answer.status, 200, answer.text);
      return answer.body;
    };

    it('records a successful sign-in with who, from where and with which user agent', async () => {
      const tenant = await createTenant(t);
      const answer = await t.http.post(AUTHENTICATE, { userNameOrEmailAddress: 'admin', password: tenant.password, tenancyName: tenant.tenant.tenancy_name }, { headers: BROWSER });
      assert.equal(answer.status, 200);
      const page = await read(answer.body.accessToken, { action: 'sign_in.succeeded' });
      assert.equal(page.totalCount, 1);
      const [entry] = page.items;
      assert.equal(entry!.tenantId, tenant.tenant.id);
      assert.equal(entry!.userId, tenant.admin.id);
      assert.equal(entry!.userName, 'admin');
      assert.equal(entry!.clientIpAddress, '127.0.0.1');
      assert.equal(entry!.browserInfo, BROWSER['user-agent']);
      assert.equal(entry!.target, `user:${tenant.admin.id}`);
      assert.ok(Math.abs(Date.parse(entry!.executionTime) - Date.now()) < 60_000);
    });

    it('records failed sign-ins and the lockout they start, on their own, without the password tried', async () => {
      const tenant = await createTenant(t);
      const tenancyName = tenant.tenant.tenancy_name;
      for (let i = 0; i < LIMIT; i++) {
        const refused = await t.http.post(AUTHENTICATE, { userNameOrEmailAddress: 'admin', password: 'Wrong-guess-1', tenancyName }, { headers: BROWSER });
        assert.equal(refused.status, 401);
      }
      await t.http.post(AUTHENTICATE, { userNameOrEmailAddress: 'nobody', password: 'Wrong-guess-1', tenancyName });
      const rows = await t.data.auditLog.listForTenant(tenant.tenant.id);
      const failed = rows.filter((r) => r.action === 'sign_in.failed');
      assert.equal(failed.length, LIMIT + 1);
      assert.deepEqual(failed.map((r) => (r.details as { reason: string }).reason).sort(), ['unknown_user', 'wrong_password', 'wrong_password', 'wrong_password']);
      const lockouts = rows.filter((r) => r.action === 'user.locked_out');
      assert.equal(lockouts.length, 1, 'the attempt that reached the limit started one lockout');
      assert.equal(lockouts[0]!.target, `user:${tenant.admin.id}`);
      assert.equal(lockouts[0]!.client_ip, '127.0.0.1');
      assert.ok(!JSON.stringify(rows).includes('Wrong-guess-1'), 'no entry holds a password');

      // Locked out now: the right password is refused, and that is recorded too.
      await t.http.post(AUTHENTICATE, { userNameOrEmailAddress: 'admin', password: tenant.password, tenancyName });
      const locked = (await t.data.auditLog.listForTenant(tenant.tenant.id)).filter((r) => r.action === 'sign_in.failed');
      assert.equal((locked[0]!.details as { reason: string }).reason, 'locked_out');
    });

    it("lets a tenant admin read its own tenant's entries only, and the host read every tenant's", async () => {
      const a = await createTenant(t);
      const b = await createTenant(t);
      const aToken = await t.http.signIn('admin', a.password, a.tenant.tenancy_name);
      await t.http.signIn('admin', b.password, b.tenant.tenancy_name);
      const mine = await read(aToken);
      assert.ok(mine.totalCount > 0);
      assert.ok(mine.items.every((e) => e.tenantId === a.tenant.id));
      assert.equal((await t.http.get(`${GET_AUDIT_LOGS}?tenantId=${b.tenant.id}`, { token: aToken })).status, 403);
      assert.equal((await t.http.get(`${GET_AUDIT_LOGS}?tenantId=${a.tenant.id}`, { token: aToken })).status, 200);

      const all = await read(hostToken, { maxResultCount: 1000, action: 'sign_in.succeeded' });
      const tenants = new Set(all.items.map((e) => e.tenantId));
      assert.ok(tenants.has(a.tenant.id) && tenants.has(b.tenant.id) && tenants.has(null), 'host entries have tenantId null');
      const onlyB = await read(hostToken, { tenantId: b.tenant.id });
      assert.ok(onlyB.totalCount > 0 && onlyB.items.every((e) => e.tenantId === b.tenant.id));
      const hostOwn = await read(hostToken, { tenantId: 0, action: 'sign_in.' });
      assert.ok(hostOwn.items.every((e) => e.tenantId === null));
    });

    it("hides the host's IP and user agent from a tenant on entries the host made about it", async () => {
      const tenant = await createTenant(t);
      const link = await t.http.get(`/api/services/Platform/User/GetAutoLoginLink?userId=${tenant.admin.id}`, { token: hostToken, headers: BROWSER });
      assert.equal(link.status, 200);
      const tenantToken = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      const seenByTenant = (await read(tenantToken, { action: 'login_link.issued' })).items;
      assert.equal(seenByTenant.length, 1);
      assert.equal(seenByTenant[0]!.userTenantId, null, 'made by the host');
      assert.equal(seenByTenant[0]!.clientIpAddress, null);
      assert.equal(seenByTenant[0]!.browserInfo, null);
      const seenByHost = (await read(hostToken, { tenantId: tenant.tenant.id, action: 'login_link.issued' })).items;
      assert.equal(seenByHost[0]!.clientIpAddress, '127.0.0.1');
      assert.equal(seenByHost[0]!.browserInfo, BROWSER['user-agent']);
      const own = (await read(tenantToken, { action: 'sign_in.succeeded' })).items;
      assert.equal(own[0]!.clientIpAddress, '127.0.0.1', "the tenant's own sign-in keeps its IP");
    });

    it('records what a change was and became, and never a hash or a secret', async () => {
      const tenant = await createTenant(t);
      const token = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      const settings = await t.http.put('/api/services/Platform/TenantSettings/UpdateGeneralSettings', { currency: 'EUR' }, { token });
      assert.equal(settings.status, 200);
      const [entry] = (await read(token, { action: 'settings.general.updated' })).items;
      assert.deepEqual(entry!.after, { currency: 'EUR' });
      assert.ok(entry!.before && 'currency' in entry!.before);

      const userName = unique('u');
      const created = await t.http.post(
        '/api/services/Platform/User/CreateUser',
        { userName, name: 'Ada', surname: 'L', emailAddress: `${userName}@example.com`, password: 'Created-pass-1', roleNames: [] },
        { token },
      );
      assert.equal(created.status, 200, created.text);
      const renamed = await t.http.put('/api/services/Platform/User/UpdateUser', { id: created.body.id, name: 'Grace', isActive: false }, { token });
      assert.equal(renamed.status, 200, renamed.text);
      const [update] = (await read(token, { action: 'user.updated', target: `user:${created.body.id}` })).items;
      assert.deepEqual(update!.before, { name: 'Ada', isActive: true });
      assert.deepEqual(update!.after, { name: 'Grace', isActive: false });

      const key = await generateKey(t, token);
      const text = JSON.stringify((await read(token, { maxResultCount: 1000 })).items);
      assert.ok(!text.includes('$argon2'), 'no password hash');
      assert.ok(!text.includes('Created-pass-1'), 'no password');
      assert.ok(!text.includes(key.key), 'no API key');
    });

    it('records the first use of an API key from an IP once', async () => {
      const tenant = await createTenant(t);
      const token = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      const key = await generateKey(t, token);
      for (let i = 0; i < 3; i++) assert.equal((await t.http.get(WHO_AM_I, { headers: { 'api-key': key.key } })).status, 200);
      const entries = await waitFor(async () => {
        const rows = (await t.data.auditLog.listForTenant(tenant.tenant.id)).filter((r) => r.action === 'apikey.used_from_new_ip');
        return rows.length > 0 && rows;
      }, 'the new-IP entry');
      assert.equal(entries.length, 1);
      assert.equal(entries[0]!.target, `apikey:${key.id}`);
      assert.equal(entries[0]!.client_ip, '127.0.0.1');
    });

    it('records REST sign-ins and sign-outs the same way', async () => {
      const tenant = await createTenant(t);
      const login = (password: string) =>
        t.http.post('/networking/rest/login', undefined, {
          headers: { 'content-type': 'application/json', ...BROWSER },
          raw: JSON.stringify({ platform: { login: { userName: 'admin', password, tenancyName: tenant.tenant.tenancy_name } } }),
        });
      assert.equal((await login('Wrong-guess-1')).status, 401);
      const ok = await login(tenant.password);
      assert.equal(ok.status, 200, ok.text);
      const cookie = (ok.headers.get('set-cookie') ?? '').split(';')[0]!;
      assert.equal((await t.http.get('/networking/rest/logout', { headers: { cookie, ...BROWSER } })).status, 200);
      const rows = await t.data.auditLog.listForTenant(tenant.tenant.id);
      const actions = rows.map((r) => r.action).reverse();
      assert.deepEqual(actions, ['sign_in.failed', 'sign_in.succeeded', 'session.ended']);
      assert.equal((rows.find((r) => r.action === 'sign_in.succeeded')!.details as { dialect: string }).dialect, 'rest');
      assert.ok(rows.every((r) => r.user_agent === BROWSER['user-agent']));
    });

    it('records sign-out', async () => {
      const tenant = await createTenant(t);
      const token = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      assert.equal((await t.http.post('/api/TokenAuth/LogOut', undefined, { token })).status, 200);
      const ended = (await t.data.auditLog.listForTenant(tenant.tenant.id)).filter((r) => r.action === 'session.ended');
      assert.equal(ended.length, 1);
      assert.equal(ended[0]!.actor_user_id, tenant.admin.id);
    });

    it('filters by time, user name and action, pages with skipCount and maxResultCount, and sorts', async () => {
      const tenant = await createTenant(t);
      const token = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      for (const currency of ['EUR', 'USD', 'GBP']) {
        await t.http.put('/api/services/Platform/TenantSettings/UpdateGeneralSettings', { currency }, { token });
      }
      const all = await read(token, { action: 'settings.' });
      assert.equal(all.totalCount, 3);
      assert.deepEqual(all.items.map((e) => (e.after as { currency: string }).currency), ['GBP', 'USD', 'EUR'], 'newest first by default');
      const oldestFirst = await read(token, { action: 'settings.', sorting: 'executionTime asc', skipCount: 1, maxResultCount: 1 });
      assert.equal(oldestFirst.totalCount, 3);
      assert.deepEqual(oldestFirst.items.map((e) => (e.after as { currency: string }).currency), ['USD']);
      assert.equal((await read(token, { action: 'settings.', userName: 'ADM' })).totalCount, 3);
      assert.equal((await read(token, { action: 'settings.', userName: 'nobody' })).totalCount, 0);
      assert.equal((await read(token, { action: 'settings.', startDate: new Date(Date.now() + 60_000).toISOString() })).totalCount, 0);
      assert.equal((await read(token, { action: 'settings.', endDate: new Date(Date.now() + 60_000).toISOString() })).totalCount, 3);
      assert.equal((await read(token, { action: '%' })).totalCount, 0, 'a wildcard in the action is a literal');

      const bad = await t.http.get(`${GET_AUDIT_LOGS}?startDate=yesterday&sorting=password`, { token });
      assert.equal(bad.status, 400);
    });

    it('needs AuditLogs.Read', async () => {
      const tenant = await createTenant(t);
      const userName = unique('u');
      const adminToken = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      await t.http.post(
        '/api/services/Platform/User/CreateUser',
        { userName, name: 'Plain', surname: 'User', emailAddress: `${userName}@example.com`, password: 'Plain-user-1', roleNames: [] },
        { token: adminToken },
      );
      const userToken = await t.http.signIn(userName, 'Plain-user-1', tenant.tenant.tenancy_name);
      assert.equal((await t.http.get(GET_AUDIT_LOGS, { token: userToken })).status, 403);
      assert.equal((await t.http.get(GET_AUDIT_LOGS)).status, 401);
    });

    it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused', async () => {
      const tenant = await createTenant(t);
      await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      const before = await t.data.auditLog.listForTenant(tenant.tenant.id);
      assert.ok(before.length > 0);
      const db = t.database.db;
      await assert.rejects(sql`update audit_log set action = 'forged' where tenant_id = ${tenant.tenant.id}`.execute(db), /append-only/);
      await assert.rejects(sql`delete from audit_log where tenant_id = ${tenant.tenant.id}`.execute(db), /append-only/);
      await assert.rejects(sql`truncate audit_log`.execute(db), /append-only/);
      assert.deepEqual(await t.data.auditLog.listForTenant(tenant.tenant.id), before);
    });

    it("keeps a purged tenant's entries, the purge's own included", async () => {
      const tenant = await createTenant(t);
      await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      assert.equal((await t.http.delete(`/api/services/Platform/Tenant/DeleteTenant?id=${tenant.tenant.id}`, { token: hostToken })).status, 200);
      assert.equal((await t.http.post('/api/services/Platform/Tenant/PurgeTenant', { id: tenant.tenant.id }, { token: hostToken })).status, 200);
      const actions = (await read(hostToken, { tenantId: tenant.tenant.id, sorting: 'id asc' })).items.map((e) => e.action);
      assert.deepEqual(actions, ['sign_in.succeeded', 'tenant.deleted', 'tenant.purged']);
    });
  });
}
