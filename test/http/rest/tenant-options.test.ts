import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SERVICE_DESK_PACKAGE_ID } from '../../../src/domain/packages.js';
import { testEngines } from '../../helpers/engines.js';
import { unique } from '../../helpers/fixtures.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createdId, messageOf, newTenantFields, restLogin, sendJson, sendXml, tenantXml } from './rest-client.js';
import { CREATE_SAMPLE_WITH_APP_LIST, SAMPLE_APP_IDS } from './spec-samples.js';

const CONFIGURATION = '/api/services/Platform/HostSettings/UpdateTenantConfiguration';

for (const engine of testEngines()) {
  describe(`packages, ServiceDesk and sub-domains on REST create, on ${engine.name}`, () => {
    let t: TestApp;
    let cookie: string;
    let token: string;
    before(async () => {
      t = await startTestApp(engine);
      cookie = await restLogin(t);
      token = await t.http.signIn('admin', HOST_ADMIN_PASSWORD);
      // The spec's sample names two packages; the host adds them to the catalogue (once per database).
      const listed = (await t.http.get('/api/services/Platform/Package/GetPackages', { token })).body.items.map((p: { id: string }) => p.id);
      for (const id of SAMPLE_APP_IDS.filter((id) => !listed.includes(id))) {
        const added = await t.http.post('/api/services/Platform/Package/CreatePackage', { id, name: unique('Sample app ') }, { token });
        assert.equal(added.status, 200, added.text);
      }
    });
    after(() => t.close());

    const setSubDomains = async (on: boolean) => {
      const answer = await t.http.put(CONFIGURATION, { enableTenantSubDomains: on }, { token });
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.body.enableTenantSubDomains, on);
    };

    it("installs the packages of the spec's sample, whose <appList> follows </platform>", async () => {
      const answer = await sendXml(t, 'POST', '/tenant', CREATE_SAMPLE_WITH_APP_LIST, { cookie });
      assert.equal(answer.status, 201, answer.text);
      const id = createdId(answer);
      assert.deepEqual(await t.data.packages.listInstalled(id), [...SAMPLE_APP_IDS].sort());
      assert.equal((await t.data.tenants.findLive(id))!.is_case_dynamics, false);
    });

    it('reads appList and isCaseDynamics inside <tenant> and inside <platform> too (XML and JSON)', async () => {
      const inTenant = await sendXml(t, 'POST', '/tenant', tenantXml({ ...newTenantFields(unique('InTenant')), appList: SAMPLE_APP_IDS[0]!.toUpperCase() }), { cookie });
      assert.deepEqual(await t.data.packages.listInstalled(createdId(inTenant)), [SAMPLE_APP_IDS[0]]);
      const inPlatform = await sendJson(
        t,
        'POST',
        '/tenant',
        { platform: { tenant: newTenantFields(unique('InPlatform')), appList: `${SAMPLE_APP_IDS[1]} ${SAMPLE_APP_IDS[0]}`, isCaseDynamics: 1 } },
        { cookie },
      );
      assert.equal(inPlatform.status, 201, inPlatform.text);
      assert.deepEqual(await t.data.packages.listInstalled(createdId(inPlatform)), [...SAMPLE_APP_IDS, SERVICE_DESK_PACKAGE_ID].sort());
    });

    it('refuses an unknown package id with a 400 naming appList, and creates nothing', async () => {
      const company = unique('UnknownApp');
      const answer = await sendXml(t, 'POST', '/tenant', tenantXml(newTenantFields(company), `<appList>${SAMPLE_APP_IDS[0]}, ffffffffffffffffffffffffffffffff</appList>`), {
        cookie,
      });
      assert.equal(answer.status, 400);
      assert.equal(messageOf(answer).code, '-300');
      assert.match(messageOf(answer).description, /appList: .*ffffffffffffffffffffffffffffffff/);
      assert.equal(await t.data.tenants.findByTenancyName(company), undefined);
      const notAnId = await sendXml(t, 'POST', '/tenant', tenantXml(newTenantFields(company), '<appList>nope</appList>'), { cookie });
      assert.equal(notAnId.status, 400);
      assert.match(messageOf(notAnId).description, /appList/);
    });

    it('installs the built-in ServiceDesk package and turns the capability on with isCaseDynamics=1', async () => {
      const answer = await sendXml(t, 'POST', '/tenant', tenantXml(newTenantFields(unique('Desk')), '<isCaseDynamics>1</isCaseDynamics>'), { cookie });
      const id = createdId(answer);
      assert.deepEqual(await t.data.packages.listInstalled(id), [SERVICE_DESK_PACKAGE_ID]);
      assert.equal((await t.data.tenants.findLive(id))!.is_case_dynamics, true);
      const bad = await sendXml(t, 'POST', '/tenant', tenantXml(newTenantFields(unique('Desk')), '<isCaseDynamics>maybe</isCaseDynamics>'), { cookie });
      assert.equal(bad.status, 400);
      assert.match(messageOf(bad).description, /isCaseDynamics/);
    });

    it('ignores service_portal_sub_domain while tenant sub-domains are off, and honours it (unique) when on', async () => {
      const previous = (await t.http.get('/api/services/Platform/HostSettings/GetTenantConfiguration', { token })).body.enableTenantSubDomains;
      try {
        await setSubDomains(false);
        const subDomain = unique('portal');
        const ignored = createdId(await sendXml(t, 'POST', '/tenant', tenantXml(newTenantFields(unique('Off'), { service_portal_sub_domain: subDomain })), { cookie }));
        assert.equal((await t.data.tenants.findLive(ignored))!.sub_domain, null);

        await setSubDomains(true);
        const honoured = createdId(await sendXml(t, 'POST', '/tenant', tenantXml(newTenantFields(unique('On'), { service_portal_sub_domain: subDomain.toUpperCase() })), { cookie }));
        const tenant = (await t.data.tenants.findLive(honoured))!;
        assert.equal(tenant.sub_domain, subDomain);
        assert.equal(tenant.tenancy_name, subDomain, 'the tenancy name comes from the sub-domain');

        const company = unique('Taken');
        const taken = await sendXml(t, 'POST', '/tenant', tenantXml(newTenantFields(company, { service_portal_sub_domain: subDomain })), { cookie });
        assert.equal(taken.status, 409);
        assert.equal(messageOf(taken).code, '-300');
        assert.match(messageOf(taken).description, /service_portal_sub_domain/);
        assert.equal(await t.data.tenants.findByTenancyName(company), undefined);

        const invalid = await sendXml(t, 'POST', '/tenant', tenantXml(newTenantFields(unique('Bad'), { service_portal_sub_domain: '-no-' })), { cookie });
        assert.equal(invalid.status, 400);
      } finally {
        await setSubDomains(previous);
      }
    });

    it('lets only a host caller with Settings.Manage change the tenant configuration', async () => {
      const tenant = await sendXml(t, 'POST', '/tenant', tenantXml(newTenantFields(unique('Admin'), { email: 'boss@example.com', password: 'Boss-pass-1' })), { cookie });
      const tenancyName = (await t.data.tenants.findLive(createdId(tenant)))!.tenancy_name;
      const tenantToken = await t.http.signIn('boss@example.com', 'Boss-pass-1', tenancyName);
      assert.equal((await t.http.put(CONFIGURATION, { enableTenantSubDomains: true }, { token: tenantToken })).status, 403);
      assert.equal((await t.http.put(CONFIGURATION, { enableTenantSubDomains: true })).status, 401);
    });
  });
}
