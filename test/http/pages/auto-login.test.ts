import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HOST_TENANT_ID } from '../../../src/domain/caller.js';
import { testEngines } from '../../helpers/engines.js';
import { createTenant } from '../../helpers/fixtures.js';
import { RPC, hostToken, hostUserWith, namedFields } from '../../helpers/onboarding.js';
import { confirmLoginLinkInBrowser, redeemLoginLink, redeemLoginToken, tokenOfLink } from '../../helpers/login-links.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

for (const engine of testEngines()) {
  describe(`login links (GetAutoLoginLink and /account/auto-login) on ${engine.name}`, () => {
    let t: TestApp;
    let host: string;
    before(async () => {
      t = await startTestApp(engine);
      host = await hostToken(t);
    });
    after(() => t.close());

    const local = (link: string) => {
      const url = new URL(link);
      return `${url.pathname}${url.search}`;
    };
    /** The stored row's `used_at` of a link (the token reads `<tenant>.<id>.<secret>`). */
    const linkUsedAt = async (link: string) => {
      const [tenantId, id] = tokenOfLink(link).split('.');
      return (await t.data.oneTimeTokens.find(Number(tenantId), id!))!.used_at;
    };
    const linkFor = (token: string, query: string) => t.http.get(`${RPC.autoLoginLink}?${query}`, { token });

    it('gives the host a link to any tenant’s user, valid for 10 minutes by default, audited with who asked', async () => {
      const tenant = await createTenant(t);
      const before = Date.now();
      const answer = await linkFor(host, `userId=${tenant.admin.id}`);
      assert.equal(answer.status, 200, answer.text);
      assert.ok(answer.body.loginLink.startsWith(`${t.config.publicUrl}/account/auto-login?token=`));
      const expires = Date.parse(answer.body.expirationDate);
      assert.ok(expires >= before + 9 * 60_000 && expires <= Date.now() + 10 * 60_000 + 1000, answer.body.expirationDate);
      const hostAdmin = await t.services.auth.callerFromBearer(host);
      const issued = (await t.data.auditLog.listForTenant(tenant.tenant.id)).find((a) => a.action === 'login_link.issued');
      assert.deepEqual([issued?.actor_tenant_id, issued?.actor_user_id, issued?.target], [HOST_TENANT_ID, hostAdmin.userId, `user:${tenant.admin.id}`]);
    });

    it('takes the lifetime in minutes from 1 to 1440, with query names in any case', async () => {
      const tenant = await createTenant(t);
      for (const minutes of [0, 1441]) {
        const answer = await linkFor(host, `userId=${tenant.admin.id}&lifeTimeMinutes=${minutes}`);
        assert.equal(answer.status, 400, String(minutes));
        assert.deepEqual(namedFields(answer), ['lifeTimeMinutes']);
      }
      const day = await linkFor(host, `UserId=${tenant.admin.id}&LifeTimeMinutes=1440`);
      assert.equal(day.status, 200, day.text);
      assert.ok(Date.parse(day.body.expirationDate) > Date.now() + 1439 * 60_000);
    });

    it('gives a tenant admin links to its own users only; any other user is not found', async () => {
      const tenant = await createTenant(t);
      const other = await createTenant(t);
      const token = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      assert.equal((await linkFor(token, `userId=${tenant.admin.id}`)).status, 200);
      assert.equal((await linkFor(token, `userId=${other.admin.id}`)).status, 404);
      const hostAdmin = await t.services.auth.callerFromBearer(host);
      assert.equal((await linkFor(token, `userId=${hostAdmin.userId}`)).status, 404, 'a tenant never reaches the host');
      assert.equal((await linkFor(host, 'userId=2000000000')).status, 404);
    });

    it('needs Users.AutoLogin', async () => {
      const tenant = await createTenant(t);
      const form = await hostUserWith(t, ['Leads.Submit', 'Registration.Complete']);
      assert.equal((await linkFor(form.token, `userId=${tenant.admin.id}`)).status, 403);
      assert.equal((await t.http.get(`${RPC.autoLoginLink}?userId=${tenant.admin.id}`)).status, 401);
    });

    it('opens a confirm page that uses nothing up, so a mail scanner following the link leaves it valid', async () => {
      const tenant = await createTenant(t);
      const link = (await linkFor(host, `userId=${tenant.admin.id}`)).body.loginLink;
      for (const method of ['GET', 'HEAD', 'GET'] as const) {
        const opened = await t.http.request(method, local(link), undefined, { headers: { accept: 'text/html' } });
        assert.equal(opened.status, 200, method);
        assert.equal(opened.headers.get('cache-control'), 'no-store');
        assert.equal(opened.headers.get('set-cookie'), null);
      }
      const page = await t.http.get(local(link), { headers: { accept: 'text/html' } });
      assert.match(page.text, /<form method="post" action="\/account\/auto-login">/);
      assert.ok(page.text.includes(`name="token" value="${tokenOfLink(link)}"`), 'the token travels in the form body');
      assert.equal(await linkUsedAt(link), null, 'opening the link used nothing up');
      const audit = (await t.data.auditLog.listForTenant(tenant.tenant.id)).map((a) => a.action);
      assert.ok(!audit.includes('login_link.redeemed'));
      assert.equal((await redeemLoginLink(t, link)).status, 200, 'the link still works afterwards');
    });

    it('answers a JSON GET with 405 and Allow: POST, using nothing up', async () => {
      const tenant = await createTenant(t);
      const link = (await linkFor(host, `userId=${tenant.admin.id}`)).body.loginLink;
      const answer = await t.http.get(local(link), { headers: { accept: 'application/json' } });
      assert.equal(answer.status, 405);
      assert.equal(answer.headers.get('allow'), 'POST');
      assert.equal(answer.body.__abp, true);
      assert.equal((await redeemLoginLink(t, link)).status, 200);
    });

    it('signs a browser in once through the confirm form, keeping the tokens out of the URL and out of caches', async () => {
      const tenant = await createTenant(t);
      const link = (await linkFor(host, `userId=${tenant.admin.id}`)).body.loginLink;
      const page = await confirmLoginLinkInBrowser(t, tokenOfLink(link));
      assert.equal(page.status, 200, page.text);
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
      assert.equal(page.headers.get('cache-control'), 'no-store');
      assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
      assert.equal(page.headers.get('set-cookie'), null);
      assert.ok(page.text.includes('You are signed in'));
      assert.ok(page.text.includes(tenant.tenant.tenancy_name));
      const data = JSON.parse(/<script type="application\/json" id="tenantry-session">(.*)<\/script>/.exec(page.text)![1]!);
      const me = await t.http.get(RPC.whoAmI, { token: data.accessToken });
      assert.equal(me.body.user.id, tenant.admin.id);
      // The page hands the pair to the console with a script of this origin only (the CSP allows no inline script).
      const src = /<script src="([^"]+)"><\/script>/.exec(page.text)![1]!;
      const script = await t.http.get(src);
      assert.equal(script.status, 200);
      assert.match(script.headers.get('content-type') ?? '', /javascript/);
      assert.match(script.text, /sessionStorage\.setItem\('tenantry\.handoff'/);
      const audit = (await t.data.auditLog.listForTenant(tenant.tenant.id)).map((a) => a.action);
      assert.ok(audit.includes('login_link.redeemed'));

      const used = await confirmLoginLinkInBrowser(t, tokenOfLink(link));
      assert.equal(used.status, 401);
      assert.match(used.headers.get('content-type') ?? '', /text\/html/);
      assert.ok(used.text.includes('invalid, has expired or has already been used'));
    });

    it('refuses a post from another site and leaves the link unused', async () => {
      const tenant = await createTenant(t);
      const link = (await linkFor(host, `userId=${tenant.admin.id}`)).body.loginLink;
      for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'null' }] as Record<string, string>[]) {
        const answer = await confirmLoginLinkInBrowser(t, tokenOfLink(link), headers);
        assert.equal(answer.status, 403, JSON.stringify(headers));
      }
      assert.equal(await linkUsedAt(link), null, 'a refused post uses nothing up');
      // What Chromium sends for the confirm page's own form under `Referrer-Policy: no-referrer`.
      assert.equal((await confirmLoginLinkInBrowser(t, tokenOfLink(link), { origin: 'null', 'sec-fetch-site': 'same-origin' })).status, 200);
    });

    it('answers 401 to JSON clients for a missing, forged or used token', async () => {
      const tenant = await createTenant(t);
      const link = (await linkFor(host, `userId=${tenant.admin.id}`)).body.loginLink;
      const pair = await redeemLoginLink(t, link);
      assert.equal(pair.status, 200);
      for (const field of ['accessToken', 'encryptedAccessToken', 'refreshToken']) assert.equal(typeof pair.body[field], 'string');
      assert.equal(pair.body.sessionId, undefined);
      assert.equal(pair.headers.get('cache-control'), 'no-store');
      const token = tokenOfLink(link);
      for (const attempt of [token, `${token.slice(0, -4)}AAAA`, '', 'garbage']) {
        const answer = await redeemLoginToken(t, attempt);
        assert.equal(answer.status, 401, attempt);
        assert.equal(answer.body.unAuthorizedRequest, true);
      }
    });

    it('refuses a link once the user’s tenant is suspended', async () => {
      const tenant = await createTenant(t);
      const link = (await linkFor(host, `userId=${tenant.admin.id}`)).body.loginLink;
      await t.services.tenantLifecycle.setActive(await t.services.auth.callerFromBearer(host), tenant.tenant.id, false);
      assert.equal((await redeemLoginLink(t, link)).status, 401);
      assert.equal((await linkFor(host, `userId=${tenant.admin.id}`)).status, 409);
    });
  });
}
