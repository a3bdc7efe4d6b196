import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../helpers/engines.js';
import { createTenant } from '../helpers/fixtures.js';
import { WHO_AM_I } from '../helpers/http.js';
import { redeemLoginToken } from '../helpers/login-links.js';
import { hostToken, namedFields } from '../helpers/onboarding.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { REST, createdId, newTenantFields, restLogin, sendJson, tenantXml, sendXml } from '../http/rest/rest-client.js';

/** No input reaches a 500 (issue 9, finding 4): the reported inputs, each answered 400/401/404 instead. */
const HUGE = 9_999_999_999;
const forgedToken = () => `${HUGE}.${randomUUID()}.${'A'.repeat(43)}`;
const S = '/api/services';

for (const engine of testEngines()) {
  describe(`hostile input is refused, never a 500, on ${engine.name}`, () => {
    let t: TestApp;
    let host: string;
    before(async () => {
      t = await startTestApp(engine);
      host = await hostToken(t);
    });
    after(() => t.close());

    it('should ignore a session cookie whose tenant hint overflows int4, on every route', async () => {
      const cookie = `JSESSIONID=${forgedToken()}`;
      const signIn = await t.http.post('/api/TokenAuth/Authenticate', { userNameOrEmailAddress: 'admin', password: 'Host-admin-pass-1' }, { headers: { cookie } });
      assert.equal(signIn.status, 200, signIn.text);
      assert.equal((await t.http.get(WHO_AM_I, { headers: { cookie } })).status, 401);
      assert.equal((await t.http.get(`${REST}/tenant?alt=json`, { headers: { cookie } })).status, 401);
      assert.equal((await t.http.get(WHO_AM_I, { token: host, headers: { cookie } })).status, 200, 'a valid bearer still wins');
    });

    it('should answer 401 to an overflowing token in RefreshToken, LinkedAccountAuthenticate and the login link', async () => {
      assert.equal((await t.http.post('/api/TokenAuth/RefreshToken', { refreshToken: forgedToken() })).status, 401);
      assert.equal((await t.http.post('/api/TokenAuth/LinkedAccountAuthenticate', { switchAccountToken: forgedToken() })).status, 401);
      const page = await redeemLoginToken(t, forgedToken());
      assert.equal(page.status, 401, page.text);
    });

    const hugeIds: [string, string, 'GET' | 'POST' | 'PUT' | 'DELETE', Record<string, unknown>][] = [
      ['Platform/Tenant/DeleteTenant', 'id', 'DELETE', { Id: HUGE }],
      ['Platform/Tenant/RestoreTenant', 'id', 'POST', { id: HUGE }],
      ['Platform/Tenant/SetTenantActive', 'id', 'POST', { id: HUGE, isActive: true }],
      ['Platform/Tenant/PurgeTenant', 'id', 'POST', { id: HUGE }],
      ['CRM/Product/UpdateProduct', 'id', 'PUT', { id: HUGE, name: 'Plan', prices: [{ paymentPeriodType: 'Monthly', amount: 1, currency: 'USD' }] }],
      ['CRM/Product/DeleteProduct', 'id', 'DELETE', { id: HUGE }],
      ['CRM/Coupon/DeleteCoupon', 'id', 'DELETE', { id: HUGE }],
      ['Platform/UserLink/UnlinkUser', 'userId', 'POST', { userId: HUGE, tenantId: 1 }],
      ['Platform/User/GetUser', 'id', 'GET', { id: HUGE }],
      ['CRM/Lead/SubmitTenancyRequest', 'products[0].productId', 'POST', { products: [{ productId: HUGE, paymentPeriodType: 'Monthly', quantity: 1 }] }],
    ];
    for (const [path, field, verb, args] of hugeIds) {
      it(`should answer 400 naming ${field} to an id over 2^31 in ${path}`, async () => {
        const inQuery = verb === 'GET' || verb === 'DELETE';
        const query = inQuery ? `?${Object.entries(args).map(([k, v]) => `${k}=${v}`).join('&')}` : '';
        const answer = await t.http.request(verb, `${S}/${path}${query}`, inQuery ? undefined : args, { token: host });
        assert.equal(answer.status, 400, answer.text);
        assert.ok(namedFields(answer).includes(field), answer.text);
      });
    }

    it('should answer 400 to a NUL in a sign-in name, a tenancy name and list filters', async () => {
      const tenant = await createTenant(t);
      const bodies = [
        { userNameOrEmailAddress: 'ad\u0000min', password: 'whatever-1' },
        { userNameOrEmailAddress: 'admin', password: 'whatever-1', tenancyName: `${tenant.tenant.tenancy_name}\u0000` },
        { userNameOrEmailAddress: 'admin', password: 'bad\ud800' },
      ];
      for (const body of bodies) {
        const answer = await t.http.post('/api/TokenAuth/Authenticate', body);
        assert.equal(answer.status, 400, answer.text);
      }
      for (const path of ['Platform/User/GetUsers', 'Platform/Tenant/GetTenants']) {
        const answer = await t.http.get(`${S}/${path}?filter=a%00b`, { token: host });
        assert.equal(answer.status, 400, answer.text);
        assert.deepEqual(namedFields(answer), ['filter']);
      }
      const restNul = await sendJson(t, 'POST', '/tenant?alt=json', { platform: { tenant: { ...newTenantFields('Acme\u0000Inc') } } }, { cookie: await restLogin(t) });
      assert.equal(restNul.status, 400, restNul.text);
    });

    it('should not turn an array into the string a field expects', async () => {
      const answer = await t.http.post('/api/TokenAuth/Authenticate', { userNameOrEmailAddress: ['admin'], password: ['Host-admin-pass-1'] });
      assert.equal(answer.status, 400, answer.text);
      assert.deepEqual(namedFields(answer), ['password', 'userNameOrEmailAddress']);
    });

    it('should refuse a REST plan lookup over 2^31 with a 400', async () => {
      const cookie = await restLogin(t);
      const created = await sendXml(t, 'POST', '/tenant', tenantXml(newTenantFields('Hugeplan', { base_subscriber_plan: String(HUGE) })), { cookie });
      assert.equal(created.status, 400, created.text);
      const id = createdId(await sendXml(t, 'POST', '/tenant', tenantXml(newTenantFields('Okplan')), { cookie }));
      const updated = await sendXml(t, 'PUT', `/tenant/${id}`, tenantXml({ base_subscriber_plan: '999999999999999' }), { cookie });
      assert.equal(updated.status, 400, updated.text);
    });
  });
}
