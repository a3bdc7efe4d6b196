import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { API_KEY_GENERATE, inFuture } from '../helpers/api-key-fixtures.js';
import { testEngines } from '../helpers/engines.js';
import { createTenant, createUser, unique } from '../helpers/fixtures.js';
import type { HttpAnswer } from '../helpers/http.js';
import { WHO_AM_I } from '../helpers/http.js';
import { askLoginLink } from '../helpers/login-links.js';
import { RPC, createProduct, hostToken, submitLead, validCompleteBody } from '../helpers/onboarding.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.js';
import { sendXml } from '../http/rest/rest-client.js';

/** Answers that carry a credential are never stored by a cache; LogOut needs no body (issue 9, finding 6). */
function assertNoStore(answer: HttpAnswer, what: string): void {
  assert.equal(answer.status, 200, `${what}: ${answer.text}`);
  assert.equal(answer.headers.get('cache-control'), 'no-store', what);
}

for (const engine of testEngines()) {
  describe(`credential answers on ${engine.name}`, () => {
    let t: TestApp;
    let host: string;
    before(async () => {
      t = await startTestApp(engine);
      host = await hostToken(t);
    });
    after(() => t.close());

    it('should send Cache-Control: no-store with every answer that carries a credential', async () => {
      const signIn = await t.http.post('/api/TokenAuth/Authenticate', { userNameOrEmailAddress: 'admin', password: HOST_ADMIN_PASSWORD });
      assertNoStore(signIn, 'Authenticate');
      assertNoStore(await t.http.post('/api/TokenAuth/RefreshToken', { refreshToken: signIn.body.refreshToken }), 'RefreshToken');
      assertNoStore(await t.http.post(API_KEY_GENERATE, { name: unique('k'), expirationDate: inFuture() }, { token: host }), 'Generate');
      const tenant = await createTenant(t);
      assertNoStore(await askLoginLink(t, host, tenant.admin.id), 'GetAutoLoginLink');
      const login = await sendXml(t, 'POST', '/login', `<platform><login><userName>admin</userName><password>${HOST_ADMIN_PASSWORD}</password></login></platform>`);
      assertNoStore(login, 'REST login');

      const other = await createTenant(t);
      const alice = await createUser(t, tenant.tenant, []);
      const linkBody = { tenancyName: other.tenant.tenancy_name, usernameOrEmailAddress: 'admin', password: other.password };
      assert.equal((await t.http.post('/api/services/Platform/UserLink/LinkToUser', linkBody, { token: alice.token })).status, 200);
      const target = { targetUserId: other.admin.id, targetTenantId: other.tenant.id };
      const switched = await t.http.post('/api/services/Platform/Account/SwitchToLinkedAccount', target, { token: alice.token });
      assertNoStore(switched, 'SwitchToLinkedAccount');
      const linked = await t.http.post('/api/TokenAuth/LinkedAccountAuthenticate', { switchAccountToken: switched.body.switchAccountToken });
      assertNoStore(linked, 'LinkedAccountAuthenticate');

      const product = await createProduct(t, host);
      const lead = await submitLead(t, host, product.id);
      assertNoStore(await t.http.post(RPC.complete, validCompleteBody(lead.leadRequestXref), { token: host }), 'CompleteTenantRegistration');
    });

    it('should end the session on TokenAuth/LogOut sent without a body', async () => {
      for (const headers of [{}, { 'content-type': 'application/json' }] as Record<string, string>[]) {
        const token = await t.http.signIn('admin', HOST_ADMIN_PASSWORD);
        const response = await fetch(`${t.url}/api/TokenAuth/LogOut`, { method: 'POST', headers: { authorization: `Bearer ${token}`, ...headers } });
        assert.equal(response.status, 200, await response.text());
        assert.equal((await t.http.get(WHO_AM_I, { token })).status, 401);
      }
    });
  });
}
