import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../helpers/engines.js';
import { createTenant, unique } from '../../helpers/fixtures.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { child, messageOf, restGet, restLogin, sendJson, sendXml, xmlTree } from './rest-client.js';

const LOGIN_FIELDS = [
  'userId', 'email', 'userName', 'firstName', 'lastName', 'organizationName', 'organizationId', 'timeZone', 'sessionId', 'cookieString',
  'userLocale', 'userDateFormat', 'isForceChangePassword',
];

const loginXml = (userName: string, password: string, tenancyName?: string) =>
  `<platform><login><userName>${userName}</userName><password>${password}</password>${tenancyName ? `<tenancyName>${tenancyName}</tenancyName>` : ''}</login></platform>`;

for (const engine of testEngines()) {
  describe(`REST sessions on ${engine.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t.close());

    it('answers the documented <login> document and sets the JSESSIONID cookie', async () => {
      const answer = await sendXml(t, 'POST', '/login', loginXml('admin', HOST_ADMIN_PASSWORD));
      assert.equal(answer.status, 200, answer.text);
      const document = xmlTree(answer.text);
      assert.deepEqual(document.children.map((c) => c.name), ['login', 'message']);
      const login = child(document, 'login')!;
      assert.deepEqual(login.children.map((c) => c.name), LOGIN_FIELDS);
      const value = (name: string) => child(login, name)!.text;
      assert.equal(value('userName'), 'admin');
      assert.equal(value('email'), 'host-admin@tenantry.test');
      assert.equal(value('isForceChangePassword'), 'false');
      assert.equal(value('cookieString'), `JSESSIONID=${value('sessionId')}`);
      const cookie = answer.headers.get('set-cookie')!;
      assert.match(cookie, new RegExp(`^JSESSIONID=${value('sessionId').replace(/[.-]/g, '\\$&')};`));
      assert.match(cookie, /; Path=\//);
      assert.match(cookie, /; HttpOnly/);
      assert.match(cookie, /; SameSite=Strict/, 'not sent along from another site');
      assert.doesNotMatch(cookie, /Secure/, 'no Secure flag over plain http');
      assert.deepEqual(messageOf(answer), { code: '0', description: 'Success' });
    });

    it('signs in with a JSON body and answers JSON, and signs a tenant user in with tenancyName', async () => {
      const tenant = await createTenant(t);
      const answer = await sendJson(
        t,
        'POST',
        '/login',
        { platform: { login: { userName: tenant.admin.email, password: tenant.password, tenancyName: tenant.tenant.tenancy_name } } },
        { headers: { accept: 'application/json' } },
      );
      assert.equal(answer.status, 200, answer.text);
      const login = answer.body.platform.login;
      assert.equal(login.userId, String(tenant.admin.id));
      assert.equal(login.organizationId, String(tenant.tenant.id));
      assert.equal(login.organizationName, tenant.tenant.name);
      assert.equal(typeof login.sessionId, 'string');
    });

    it('uses the session cookie on the tenant resource until logout, then answers 401 -101', async () => {
      const cookie = await restLogin(t);
      assert.equal((await restGet(t, '/tenant?pageSize=1', { cookie })).status, 200);
      const valid = await restGet(t, '/isSessionValid', { cookie });
      assert.equal(valid.status, 200);
      assert.deepEqual(messageOf(valid), { code: '0', description: 'Session is valid' });

      const logout = await restGet(t, '/logout', { cookie });
      assert.equal(logout.status, 200);
      assert.match(logout.headers.get('set-cookie')!, /^JSESSIONID=;/);
      const afterLogout = await restGet(t, '/tenant?pageSize=1', { cookie });
      assert.equal(afterLogout.status, 401);
      assert.equal(messageOf(afterLogout).code, '-101');
      const invalid = await restGet(t, '/isSessionValid', { cookie });
      assert.equal(invalid.status, 401);
      assert.equal(messageOf(invalid).code, '-101');
      assert.equal((await restGet(t, '/logout')).status, 200, 'logging out without a session is harmless');
    });

    it('accepts an access token from TokenAuth as a bearer credential on the tenant resource', async () => {
      const token = await t.http.signIn('admin', HOST_ADMIN_PASSWORD);
      assert.equal((await restGet(t, '/tenant?pageSize=1', { token })).status, 200);
    });

    it('gives one answer to an unknown user, a wrong password and an unknown tenancy name', async () => {
      const answers = await Promise.all([
        sendXml(t, 'POST', '/login', loginXml(unique('nobody'), 'whatever-1')),
        sendXml(t, 'POST', '/login', loginXml('admin', 'wrong-password')),
        sendXml(t, 'POST', '/login', loginXml('admin', HOST_ADMIN_PASSWORD, unique('NoSuchTenancy'))),
      ]);
      for (const answer of answers) {
        assert.equal(answer.status, 401);
        assert.deepEqual(messageOf(answer), { code: '-101', description: 'Invalid user name or password.' });
        assert.equal(answer.headers.get('set-cookie'), null);
      }
    });

    it('names a missing userName or password in a 400', async () => {
      const answer = await sendXml(t, 'POST', '/login', '<platform><login><userName>admin</userName></login></platform>');
      assert.equal(answer.status, 400);
      assert.equal(messageOf(answer).code, '-300');
      assert.match(messageOf(answer).description, /password/);
    });

    it('refuses a tenant admin on the tenant resource with 403 -850', async () => {
      const tenant = await createTenant(t);
      const cookie = await restLogin(t, 'admin', tenant.password, tenant.tenant.tenancy_name);
      const answer = await restGet(t, `/tenant/${tenant.tenant.id}`, { cookie });
      assert.equal(answer.status, 403);
      assert.equal(messageOf(answer).code, '-850');
    });
  });

  describe(`REST sessions across a restart on ${engine.name}`, () => {
    it('keeps a session valid after the service restarts on the same data', async () => {
      const dataDir = engine.name === 'pglite' ? await mkdtemp(path.join(os.tmpdir(), 'tenantry-rest-')) : undefined;
      const env: Record<string, string> = dataDir ? { DATA_DIR: dataDir } : {};
      try {
        const first = await startTestApp(engine, env);
        const cookie = await restLogin(first);
        await first.close();
        const second = await startTestApp(engine, env);
        try {
          assert.equal((await restGet(second, '/isSessionValid', { cookie })).status, 200);
          assert.equal((await restGet(second, '/tenant?pageSize=1', { cookie })).status, 200);
        } finally {
          await second.close();
        }
      } finally {
        if (dataDir) await rm(dataDir, { recursive: true, force: true });
      }
    });

    it('marks the cookie Secure when the public URL is https', async () => {
      const secure = await startTestApp(engine, { PUBLIC_URL: 'https://tenants.example.com' });
      try {
        const answer = await sendXml(secure, 'POST', '/login', loginXml('admin', HOST_ADMIN_PASSWORD));
        assert.match(answer.headers.get('set-cookie')!, /; Secure/);
      } finally {
        await secure.close();
      }
    });
  });
}
