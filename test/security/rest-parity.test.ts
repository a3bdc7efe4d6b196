import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../helpers/engines.js';
import { unique } from '../helpers/fixtures.js';
import { hostToken } from '../helpers/onboarding.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { createdId, messageOf, newTenantFields, restGet, restLogin, sendXml, tenantXml } from '../http/rest/rest-client.js';

/** REST parity (issue 9, §9 and finding 6): a PUT validates every field as a POST does, and nothing is silently dropped. */
const CONFIGURATION = '/api/services/Platform/HostSettings/UpdateTenantConfiguration';

for (const engine of testEngines()) {
  describe(`REST parity on ${engine.name}`, () => {
    let t: TestApp;
    let cookie: string;
    let id: number;
    before(async () => {
      t = await startTestApp(engine);
      cookie = await restLogin(t);
      id = createdId(await sendXml(t, 'POST', '/tenant', tenantXml(newTenantFields(unique('Parity'))), { cookie }));
    });
    after(() => t.close());

    it('should refuse a country that is not one, on POST and on PUT alike, and store nothing', async () => {
      const created = await sendXml(t, 'POST', '/tenant', tenantXml(newTenantFields(unique('Narnia'), { country: 'Narnia' })), { cookie });
      assert.equal(created.status, 400, created.text);
      const updated = await sendXml(t, 'PUT', `/tenant/${id}`, tenantXml({ country: 'Narnia' }), { cookie });
      assert.equal(updated.status, 400, updated.text);
      assert.match(messageOf(updated).description, /country/);
      assert.equal((await t.data.tenants.findLive(id))!.country, 'United States');
      const fixed = await sendXml(t, 'PUT', `/tenant/${id}`, tenantXml({ country: 'IN' }), { cookie });
      assert.equal(fixed.status, 200, fixed.text);
      assert.equal((await t.data.tenants.findLive(id))!.country_code, 'IN');
    });

    it('should refuse service_portal_sub_domain on PUT while sub-domains are off, and honour it when on', async () => {
      const host = await hostToken(t);
      const subDomain = unique('sub');
      try {
        assert.equal((await t.http.put(CONFIGURATION, { enableTenantSubDomains: false }, { token: host })).status, 200);
        const refused = await sendXml(t, 'PUT', `/tenant/${id}`, tenantXml({ service_portal_sub_domain: subDomain }), { cookie });
        assert.equal(refused.status, 400, refused.text);
        assert.match(messageOf(refused).description, /service_portal_sub_domain/);
        assert.equal((await t.data.tenants.findLive(id))!.sub_domain, null);
        assert.equal((await t.http.put(CONFIGURATION, { enableTenantSubDomains: true }, { token: host })).status, 200);
        const honoured = await sendXml(t, 'PUT', `/tenant/${id}`, tenantXml({ service_portal_sub_domain: subDomain }), { cookie });
        assert.equal(honoured.status, 200, honoured.text);
        assert.equal((await t.data.tenants.findLive(id))!.sub_domain, subDomain);
      } finally {
        await t.http.put(CONFIGURATION, { enableTenantSubDomains: false }, { token: host });
      }
    });

    it('should refuse on PUT the create-only appList and isCaseDynamics instead of dropping them', async () => {
      for (const element of ['<appList>1</appList>', '<isCaseDynamics>1</isCaseDynamics>']) {
        const answer = await sendXml(t, 'PUT', `/tenant/${id}`, `<platform><tenant><city>Paris</city></tenant>${element}</platform>`, { cookie });
        assert.equal(answer.status, 400, answer.text);
      }
      assert.equal((await t.data.tenants.findLive(id))!.city, 'New York');
    });

    it('should answer 400 to an unknown name in fieldList, beside * too', async () => {
      for (const path of ['/tenant?fieldList=*,nosuchfield', `/tenant/${id}?fieldList=*,nosuchfield`, '/tenant?fieldList=name,nosuchfield']) {
        const answer = await restGet(t, path, { cookie });
        assert.equal(answer.status, 400, `${path}: ${answer.text}`);
        assert.match(messageOf(answer).description, /nosuchfield/);
      }
      assert.equal((await restGet(t, '/tenant?fieldList=*', { cookie })).status, 200);
    });
  });
}
