import assert from 'node:assert/strict';
import fc from 'fast-check';
import { after, before, describe, it } from 'node:test';
import type { Permission } from '../../src/domain/permissions.js';
import { allPermissions } from '../../src/domain/permissions.js';
import { HOST_TENANT_ID } from '../../src/domain/caller.js';
import { methodName, verbFor } from '../../src/http/rpc/define.js';
import { rpcMethods } from '../../src/http/rpc/methods/index.js';
import { tenantFields } from '../../src/domain/tenant-fields.js';
import { databaseFingerprint } from '../helpers/db-fingerprint.js';
import { testEngines } from '../helpers/engines.js';
import { createUser, unique } from '../helpers/fixtures.js';
import { WHO_AM_I } from '../helpers/http.js';
import { hostileObject, hostileValue, queryString, type SchemaNode } from '../helpers/hostile-values.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { newTenantFields, restLogin } from '../http/rest/rest-client.js';

/**
 * The schema-driven fuzz test (issue 9, §3): for every RPC method's input schema and every REST tenant field,
 * fast-check generates hostile values; each is sent over HTTP as a host admin and must get an answer below
 * 500, and a refused request (4xx) must leave the database as it was. `FUZZ_RUNS` sets the runs per target
 * (`npm test`: a short budget; `npm run fuzz`: a long one); `FUZZ_SEED` replays a failure.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 3);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

for (const engine of testEngines()) {
  describe(`the schema-driven fuzz test on ${engine.name}`, () => {
    let t: TestApp;
    let token: string;
    let cookie: string;

    /**
     * A host user holding every permission, signed in over both dialects, made fresh whenever a fuzzed request
     * ended its session or held it (a fuzzed id may well name it: deactivation, a password reset, LogOut…; a fuzzed
     * host setting may require two-factor enrolment of administrators). The host's sign-in and password rules go
     * back to their defaults first, so a setting fuzzed by one target cannot refuse every request of the next.
     */
    async function signInFuzzer(): Promise<void> {
      await t.data.settings.update(HOST_TENANT_ID, {
        email_confirmation_required: null,
        password_required_length: null,
        password_require_digit: null,
        password_require_lowercase: null,
        password_require_uppercase: null,
        password_require_non_alphanumeric: null,
        lockout_enabled: null,
        lockout_max_failures: null,
        lockout_seconds: null,
      });
      await t.data.twoFactor.saveSettings(HOST_TENANT_ID, { isRequiredForAdmins: false, isRememberBrowserEnabled: true });
      const fuzzer = await createUser(t, { id: HOST_TENANT_ID, tenancy_name: '' }, allPermissions as Permission[]);
      token = fuzzer.token;
      cookie = await restLogin(t, fuzzer.user.user_name, 'Plain-user-1');
    }

    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t.close());

    /** Sends one request; answers below 500 are required, and a refusal must change nothing. */
    async function probe(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<void> {
      const before = await databaseFingerprint(t);
      const init: RequestInit = { method, headers: { ...headers } };
      if (body !== undefined) {
        init.body = JSON.stringify(body);
        (init.headers as Record<string, string>)['content-type'] = 'application/json';
      }
      const response = await fetch(`${t.url}${path}`, init);
      const text = await response.text();
      assert.ok(response.status < 500, `${method} ${path} ${init.body ?? ''} answered ${response.status}: ${text.slice(0, 300)}`);
      if (response.status >= 400) {
        assert.equal(await databaseFingerprint(t), before, `${method} ${path} ${init.body ?? ''} was refused (${response.status}) but changed the database`);
      } else if ((await t.http.get(WHO_AM_I, { token })).status === 401 || (await t.http.get('/networking/rest/tenant?pageSize=1', { headers: { cookie } })).status !== 200) {
        await signInFuzzer();
      }
    }

    for (const method of rpcMethods) {
      const name = methodName(method.path);
      const verb = method.verb ?? verbFor(name.method);
      const inQuery = verb === 'GET' || verb === 'DELETE';
      it(`should never answer 5xx to hostile input to ${method.path}`, async () => {
        await signInFuzzer();
        const input = fc.oneof({ weight: 9, arbitrary: hostileObject(method.input as SchemaNode) }, { weight: 1, arbitrary: hostileValue });
        await fc.assert(
          fc.asyncProperty(input, async (args) => {
            const auth = { authorization: `Bearer ${token}` };
            if (inQuery) {
              const query = args && typeof args === 'object' && !Array.isArray(args) ? queryString(args as Record<string, unknown>) : '';
              await probe(verb, `${name.url}${query}`, undefined, auth);
            } else {
              await probe(verb, name.url, args, auth);
            }
          }),
          { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
        );
      });
    }

    const writable = tenantFields.filter((f) => !f.readOnly);
    it('should never answer 5xx to a hostile value in any REST tenant field, on create or update', async () => {
      await signInFuzzer();
      const created = await fetch(`${t.url}/networking/rest/tenant?alt=json`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ platform: { tenant: newTenantFields(unique('Fuzz')) } }),
      });
      assert.equal(created.status, 201);
      const id = ((await created.json()) as { platform: { message: { id: string } } }).platform.message.id;
      const field = fc.constantFrom(...writable.map((f) => f.name));
      await fc.assert(
        fc.asyncProperty(field, hostileValue, fc.boolean(), async (name, value, create) => {
          const tenant = create ? { ...newTenantFields(unique('Fuzz')), [name]: value } : { [name]: value };
          await probe(create ? 'POST' : 'PUT', create ? '/networking/rest/tenant?alt=json' : `/networking/rest/tenant/${id}?alt=json`, { platform: { tenant } }, { cookie });
        }),
        { numRuns: RUNS * writable.length, ...(SEED === undefined ? {} : { seed: SEED }) },
      );
    });

    it('should never answer 5xx to hostile REST search parameters', async () => {
      await signInFuzzer();
      const parameter = fc.constantFrom('filter', 'fieldList', 'page', 'pageSize', 'sortBy', 'sortOrder', 'sortBy2', 'getTotalRecordCount', 'alt');
      await fc.assert(
        fc.asyncProperty(fc.dictionary(parameter, hostileValue, { maxKeys: 3 }), async (args) => {
          await probe('GET', `/networking/rest/tenant${queryString(args)}`, undefined, { cookie });
        }),
        { numRuns: RUNS * 10, ...(SEED === undefined ? {} : { seed: SEED }) },
      );
    });
  });
}
