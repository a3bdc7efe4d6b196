import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Caller } from '../../../src/domain/caller.js';
import { isAppError } from '../../../src/domain/errors.js';
import type { NewTenantInput } from '../../../src/services/tenants/tenant-input.js';
import { testEngines } from '../../helpers/engines.js';
import { unique } from '../../helpers/fixtures.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../../helpers/test-app.js';

/** The fields an AppError names, sorted; fails when `work` does not throw one. */
async function namedFields(work: Promise<unknown>): Promise<string[]> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(isAppError(error), `expected a validation error, got ${String(error)}`);
  return error.fields.map((f) => f.field).sort();
}

// The tenant use cases apply the record's value rules themselves: a caller that builds typed input (the console,
// the CLI, a future dialect) without the REST reader meets the same rules, and a refused create writes nothing.
for (const engine of testEngines()) {
  describe(`the tenant registry's value rules on ${engine.name}`, () => {
    let t: TestApp;
    let host: Caller;
    before(async () => {
      t = await startTestApp(engine);
      host = await t.services.auth.callerFromBearer(await t.http.signIn('admin', HOST_ADMIN_PASSWORD));
    });
    after(() => t.close());

    const tenantCount = async () => Number((await t.database.db.selectFrom('tenants').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const valid = (): NewTenantInput => ({
      details: { company_name: unique('Typed Co'), street: '1 Main St', city: 'Springfield', country: 'United States', time_zone: 'America/New_York' },
      admin: { email: `${unique('typed')}@example.com`, name: 'Ada', surname: 'Typed', password: 'Typed-admin-pass-1' },
      packageIds: [],
      isCaseDynamics: false,
    });

    it('creates a tenant from valid typed input', async () => {
      const { id } = await t.services.tenantRegistry.create(host, valid());
      assert.match((await t.data.tenants.findLive(id))?.company_name ?? '', /^Typed Co/);
    });

    it('refuses typed values that break a rule, names each, and creates nothing', async () => {
      const before = await tenantCount();
      const input = valid();
      input.details = { ...input.details, sub_domain: '-not a label-', number_of_users: -3, time_zone: 'Mars/Olympus', company_name: 'x'.repeat(500) };
      input.admin = { ...input.admin, email: 'no-at-sign', surname: '' };
      assert.deepEqual(await namedFields(t.services.tenantRegistry.create(host, input)), ['company_name', 'number_of_users', 'sub_domain', 'surname', 'time_zone', 'email'].sort());
      assert.equal(await tenantCount(), before, 'no tenant was written');
    });

    it('refuses a typed change that clears a required detail or breaks a rule, and changes nothing', async () => {
      const { id } = await t.services.tenantRegistry.create(host, valid());
      const stored = (await t.data.tenants.findLive(id))!;
      const fields = await namedFields(t.services.tenantRegistry.update(host, id, { details: { company_name: null, zip: 'z'.repeat(100), discount: '250' } }));
      assert.deepEqual(fields, ['company_name', 'discount', 'zip']);
      assert.deepEqual(await t.data.tenants.findLive(id), stored);
    });
  });
}
