import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SERVICE_DESK_PACKAGE_ID } from '../../../src/domain/packages.js';
import { testEngines } from '../../helpers/engines.js';
import { createTenant, unique } from '../../helpers/fixtures.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createdId, newTenantFields, restLogin, sendXml, tenantXml } from '../rest/rest-client.js';

const CREATE = '/api/services/Platform/Package/CreatePackage';
const LIST = '/api/services/Platform/Package/GetPackages';
const DELETE = '/api/services/Platform/Package/DeletePackage';

for (const engine of testEngines()) {
  describe(`the package catalogue (Platform/Package) on ${engine.name}`, () => {
    let t: TestApp;
    let token: string;
    before(async () => {
      t = await startTestApp(engine);
      token = await t.http.signIn('admin', HOST_ADMIN_PASSWORD);
    });
    after(() => t.close());

    it('lists the built-in ServiceDesk package', async () => {
      const answer = await t.http.get(LIST, { token });
      assert.equal(answer.status, 200);
      const desk = answer.body.items.find((p: { id: string }) => p.id === SERVICE_DESK_PACKAGE_ID);
      assert.equal(desk.name, 'ServiceDesk');
      assert.equal(desk.isBuiltIn, true);
    });

    it('creates a package with a generated 32-hex installation id, and with a given one', async () => {
      const generated = await t.http.post(CREATE, { name: unique('App ') }, { token });
      assert.equal(generated.status, 200, generated.text);
      assert.match(generated.body.id, /^[0-9a-f]{32}$/);
      assert.equal(generated.body.isBuiltIn, false);
      const id = randomBytes(16).toString('hex').toUpperCase();
      const given = await t.http.post(CREATE, { id, name: unique('App '), description: 'Billing' }, { token });
      assert.equal(given.body.id, id.toLowerCase());
      assert.ok((await t.http.get(LIST, { token })).body.items.some((p: { id: string }) => p.id === id.toLowerCase()));
    });

    it('refuses a malformed id (400), a taken id or name (409)', async () => {
      const bad = await t.http.post(CREATE, { id: 'short', name: unique('App ') }, { token });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.body.error.validationErrors[0].members, ['id']);
      const name = unique('App ');
      const first = await t.http.post(CREATE, { name }, { token });
      assert.equal((await t.http.post(CREATE, { id: first.body.id, name: unique('App ') }, { token })).status, 409);
      assert.equal((await t.http.post(CREATE, { name: name.toUpperCase() }, { token })).status, 409);
    });

    it('deletes an unused package, but never a built-in or an installed one', async () => {
      const unused = (await t.http.post(CREATE, { name: unique('App ') }, { token })).body.id;
      assert.equal((await t.http.delete(`${DELETE}?Id=${unused}`, { token })).status, 200);
      assert.equal((await t.http.delete(`${DELETE}?id=${unused}`, { token })).status, 404);
      assert.equal((await t.http.delete(`${DELETE}?Id=${SERVICE_DESK_PACKAGE_ID}`, { token })).status, 409);

      const installed = (await t.http.post(CREATE, { name: unique('App ') }, { token })).body.id;
      const cookie = await restLogin(t);
      createdId(await sendXml(t, 'POST', '/tenant', tenantXml(newTenantFields(unique('Uses')), `<appList>${installed}</appList>`), { cookie }));
      const refused = await t.http.delete(`${DELETE}?Id=${installed}`, { token });
      assert.equal(refused.status, 409);
      assert.match(refused.body.error.message, /installed/);
    });

    it('is refused to tenant admins (403) and to anonymous callers (401)', async () => {
      const tenant = await createTenant(t);
      const tenantToken = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      assert.equal((await t.http.get(LIST, { token: tenantToken })).status, 403);
      assert.equal((await t.http.post(CREATE, { name: unique('App ') }, { token: tenantToken })).status, 403);
      assert.equal((await t.http.get(LIST)).status, 401);
    });
  });
}
