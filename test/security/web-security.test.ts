import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { testEngines } from '../helpers/engines.js';
import { createTenant, unique } from '../helpers/fixtures.js';
import { WHO_AM_I } from '../helpers/http.js';
import { GET_AUTO_LOGIN_LINK } from '../helpers/login-links.js';
import { hostToken } from '../helpers/onboarding.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { REST, newTenantFields, restGet, restLogin, sendXml, tenantXml } from '../http/rest/rest-client.js';

const EVIL = 'https://evil.example';
const CONSOLE = 'https://console.tenantry.test';

for (const engine of testEngines()) {
  describe(`web security on ${engine.name}`, () => {
    let t: TestApp;
    let host: string;
    before(async () => {
      t = await startTestApp(engine, { CORS_ORIGINS: CONSOLE });
      host = await hostToken(t);
    });
    after(() => t.close());

    const linkCount = async () =>
      Number((await sql<{ n: string }>`select count(*)::text as n from one_time_tokens`.execute(t.database.db)).rows[0]!.n);
    const tenantNamed = (company: string) => t.database.db.selectFrom('tenants').select('id').where('company_name', '=', company).executeTakeFirst();

    it('should send the security headers on every answer: RPC, REST, pages, errors and unknown paths', async () => {
      const answers = [
        await t.http.get(WHO_AM_I, { token: host }),
        await t.http.get(WHO_AM_I),
        await restGet(t, '/timeZones'),
        await t.http.get('/account/auto-login?token=x', { headers: { accept: 'text/html' } }),
        await t.http.get('/no/such/path'),
        await t.http.get('/health'),
      ];
      for (const answer of answers) {
        const csp = answer.headers.get('content-security-policy') ?? '';
        assert.match(csp, /default-src 'self'/);
        assert.match(csp, /frame-ancestors 'none'/);
        assert.match(csp, /script-src 'self'/);
        assert.doesNotMatch(csp, /upgrade-insecure-requests/);
        assert.equal(answer.headers.get('x-content-type-options'), 'nosniff');
        assert.equal(answer.headers.get('x-frame-options'), 'SAMEORIGIN');
        assert.equal(answer.headers.get('referrer-policy'), 'no-referrer');
        assert.ok(answer.headers.get('strict-transport-security'));
      }
    });

    it('should keep /docs working under that policy: its page, scripts and styles come from here', async () => {
      const page = await t.http.get('/docs/');
      assert.equal(page.status, 200);
      const assets = [...page.text.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
      assert.ok(assets.length >= 3, page.text);
      for (const asset of assets) {
        assert.ok(!/^https?:/.test(asset), `${asset} is loaded from elsewhere`);
        assert.equal((await t.http.get(new URL(asset, `${t.url}/docs/`).pathname)).status, 200, asset);
      }
      assert.doesNotMatch(page.text, /<script>(?!\s*<\/script>)/, 'no inline script, which the policy would block');
    });

    it('should answer no CORS grant to an origin not listed, and a credentialed grant to a listed one', async () => {
      const foreign = await t.http.request('OPTIONS', WHO_AM_I, undefined, { headers: { origin: EVIL, 'access-control-request-method': 'GET' } });
      assert.equal(foreign.headers.get('access-control-allow-origin'), null);
      const listed = await t.http.request('OPTIONS', WHO_AM_I, undefined, {
        headers: { origin: CONSOLE, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
      assert.equal(listed.headers.get('access-control-allow-origin'), CONSOLE);
      assert.equal(listed.headers.get('access-control-allow-credentials'), 'true');
      const get = await t.http.get(WHO_AM_I, { token: host, headers: { origin: CONSOLE } });
      assert.equal(get.headers.get('access-control-allow-origin'), CONSOLE);
      assert.match(get.headers.get('access-control-expose-headers') ?? '', /x-ratelimit-remaining/);
    });

    it('should run no handler for HEAD on an RPC Get* method: 405, and no login link minted', async () => {
      const tenant = await createTenant(t);
      const before = await linkCount();
      const head = await t.http.request('HEAD', `${GET_AUTO_LOGIN_LINK}?userId=${tenant.admin.id}`, undefined, { token: host });
      assert.equal(head.status, 405);
      assert.equal(await linkCount(), before);
      assert.equal((await t.http.get(`${GET_AUTO_LOGIN_LINK}?userId=${tenant.admin.id}`, { token: host })).status, 200);
      assert.equal(await linkCount(), before + 1);
    });

    it('should run no handler for HEAD on a REST resource: HEAD /logout leaves the session alive', async () => {
      const cookie = await restLogin(t);
      const head = await t.http.request('HEAD', `${REST}/logout`, undefined, { headers: { cookie } });
      assert.equal(head.status, 405);
      assert.equal((await restGet(t, '/isSessionValid', { cookie })).status, 200);
    });

    it('should refuse a cookie-authenticated change sent from another site, and store nothing', async () => {
      const cookie = await restLogin(t);
      for (const headers of [{ origin: EVIL }, { 'sec-fetch-site': 'cross-site' }, { origin: 'null' }, { referer: `${EVIL}/page` }] as Record<string, string>[]) {
        const company = unique('Csrf Co ');
        const answer = await sendXml(t, 'POST', '/tenant', tenantXml(newTenantFields(company)), { cookie, headers });
        assert.equal(answer.status, 403, `${JSON.stringify(headers)}: ${answer.text}`);
        assert.match(answer.text, /<code>-850<\/code>/);
        assert.equal(await tenantNamed(company), undefined, JSON.stringify(headers));
      }
    });

    it('should accept the same change from curl (no Origin), from this origin, from a listed origin, and with a bearer from anywhere', async () => {
      const cookie = await restLogin(t);
      const cases: { headers: Record<string, string>; token?: string }[] = [
        { headers: {} },
        { headers: { origin: t.url, 'sec-fetch-site': 'same-origin' } },
        { headers: { origin: CONSOLE, 'sec-fetch-site': 'same-site' } },
        { headers: { origin: EVIL }, token: host },
      ];
      for (const { headers, token } of cases) {
        const company = unique('Fine Co ');
        const answer = await sendXml(t, 'POST', '/tenant', tenantXml(newTenantFields(company)), token ? { token, headers } : { cookie, headers });
        assert.equal(answer.status, 201, `${JSON.stringify(headers)}: ${answer.text}`);
        assert.ok(await tenantNamed(company));
      }
    });

    it('should not let a link from another site end a REST session, while curl and this site still sign out', async () => {
      const cookie = await restLogin(t);
      for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { referer: `${EVIL}/a-link` }] as Record<string, string>[]) {
        const answer = await restGet(t, '/logout', { cookie, headers });
        assert.equal(answer.status, 403, JSON.stringify(headers));
        assert.equal(answer.headers.get('set-cookie'), null);
        assert.equal((await restGet(t, '/isSessionValid', { cookie })).status, 200, 'the session is still alive');
      }
      const sameSite = await restGet(t, '/logout', { cookie, headers: { 'sec-fetch-site': 'same-origin', referer: `${t.url}/console` } });
      assert.equal(sameSite.status, 200);
      assert.equal((await restGet(t, '/isSessionValid', { cookie })).status, 401);
      const other = await restLogin(t);
      assert.equal((await restGet(t, '/logout', { cookie: other })).status, 200, 'a client sending no Origin signs out as before');
      assert.equal((await restGet(t, '/isSessionValid', { cookie: other })).status, 401);
    });

    it('should set the session cookie HttpOnly and SameSite=Strict, without Secure over plain HTTP from an untrusted peer', async () => {
      const answer = await sendXml(t, 'POST', '/login', loginDocument(), { headers: { 'x-forwarded-proto': 'https' } });
      const cookie = answer.headers.get('set-cookie') ?? '';
      assert.match(cookie, /; HttpOnly/);
      assert.match(cookie, /; SameSite=Strict/);
      assert.doesNotMatch(cookie, /Secure/, 'X-Forwarded-Proto is not believed without TRUST_PROXY');
    });
  });

  describe(`cookies behind a TLS proxy (TRUST_PROXY) on ${engine.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine, { TRUST_PROXY: '127.0.0.1' });
    });
    after(() => t.close());

    it('should mark the session cookie Secure when the trusted proxy says the request came over TLS', async () => {
      const tls = await sendXml(t, 'POST', '/login', loginDocument(), { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' } });
      assert.equal(tls.status, 200, tls.text);
      assert.match(tls.headers.get('set-cookie') ?? '', /; Secure/);
      const plain = await sendXml(t, 'POST', '/login', loginDocument());
      assert.doesNotMatch(plain.headers.get('set-cookie') ?? '', /Secure/);
    });

    it('should treat the origin the proxy was addressed at as this site', async () => {
      const cookie = (await sendXml(t, 'POST', '/login', loginDocument())).headers.get('set-cookie')!.split(';')[0]!;
      const headers = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'tenantry.example', origin: 'https://tenantry.example' };
      const company = unique('Proxied Co ');
      const answer = await sendXml(t, 'POST', '/tenant', tenantXml(newTenantFields(company)), { cookie, headers });
      assert.equal(answer.status, 201, answer.text);
    });
  });
}

function loginDocument(): string {
  return `<platform><login><userName>admin</userName><password>Host-admin-pass-1</password></login></platform>`;
}
