import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../helpers/engines.js';
import type { HttpAnswer } from '../../helpers/http.js';
import { createTenantWithUser } from '../../helpers/tenant-with-user.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../../helpers/test-app.js';

const GET = '/api/services/Platform/TenantSettings/GetGeneralSettings';
const UPDATE = '/api/services/Platform/TenantSettings/UpdateGeneralSettings';
// The content type of the spec's curl samples.
const ODATA = { 'content-type': 'application/json;odata.metadata=minimal;odata.streaming=true' };

// The spec's documented response body, sent back as a request.
const documentedBody = {
  defaultCountryCode: 'US',
  timezone: '',
  timezoneForComparison: 'UTC',
  zendeskAccountUrl: '',
  publicPhone: null,
  currency: 'JPY',
  publicSiteUrl: null,
};

// The spec's sample request: Swagger placeholders.
const sampleBody = {
  defaultCountryCode: 'string',
  timezone: 'string',
  timezoneForComparison: 'string',
  zendeskAccountUrl: 'string',
  publicPhone: 'string',
  currency: 'string',
  publicSiteUrl: 'string',
};

function members(answer: HttpAnswer): string[] {
  return (answer.body.error.validationErrors as { members: string[] }[]).flatMap((v) => v.members).sort();
}

for (const engine of testEngines()) {
  describe(`Platform/TenantSettings general settings on ${engine.name}`, () => {
    let t: TestApp;
    let hostToken: string;
    before(async () => {
      t = await startTestApp(engine);
      hostToken = await t.http.signIn('admin', HOST_ADMIN_PASSWORD);
    });
    after(() => t.close());

    it('answers a new tenant the settings it inherited from the host defaults', async () => {
      const host = (await t.http.get(GET, { token: hostToken })).body;
      const { adminToken } = await createTenantWithUser(t);
      const answer = await t.http.get(GET, { token: adminToken });
      assert.equal(answer.status, 200);
      assert.deepEqual(Object.keys(answer.body).sort(), Object.keys(documentedBody).sort());
      assert.equal(answer.body.defaultCountryCode, host.defaultCountryCode);
      assert.equal(answer.body.currency, host.currency);
      assert.equal(answer.body.timezone, host.timezone);
      assert.equal(answer.body.zendeskAccountUrl, '');
      assert.equal(answer.body.publicPhone, null);
      assert.equal(answer.body.publicSiteUrl, null);
    });

    it('takes the documented body as a request, answers 200 with an empty body, and reads it back', async () => {
      const { adminToken } = await createTenantWithUser(t);
      const answer = await t.http.put(UPDATE, documentedBody, { token: adminToken, headers: ODATA });
      assert.equal(answer.status, 200);
      assert.equal(answer.text, '');
      const read = await t.http.get(GET, { token: adminToken });
      assert.deepEqual(read.body, documentedBody);
    });

    it('stores codes in upper case, time zones in their IANA spelling and phone numbers in E.164, and ignores timezoneForComparison', async () => {
      const { tenant, adminToken } = await createTenantWithUser(t);
      const answer = await t.http.put(
        UPDATE,
        {
          defaultCountryCode: 'fr',
          timezone: 'europe/paris',
          timezoneForComparison: 'Asia/Tokyo',
          zendeskAccountUrl: 'https://acme.zendesk.com',
          publicPhone: '+33 1 42 68 53 00',
          currency: 'eur',
          publicSiteUrl: 'https://acme.example/',
        },
        { token: adminToken },
      );
      assert.equal(answer.status, 200);
      const read = await t.http.get(GET, { token: adminToken });
      assert.deepEqual(read.body, {
        defaultCountryCode: 'FR',
        timezone: 'Europe/Paris',
        timezoneForComparison: 'Europe/Paris',
        zendeskAccountUrl: 'https://acme.zendesk.com',
        publicPhone: '+33142685300',
        currency: 'EUR',
        publicSiteUrl: 'https://acme.example/',
      });
      const audit = await t.data.auditLog.listForTenant(tenant.tenant.id);
      const entry = audit.find((a) => a.action === 'settings.general.updated');
      assert.ok(entry, 'the change is audited');
      assert.equal(entry.actor_user_id, tenant.admin.id);
    });

    it('leaves absent fields as they are and clears with empty values', async () => {
      const { adminToken } = await createTenantWithUser(t);
      const full = { ...documentedBody, timezone: 'Asia/Tokyo', zendeskAccountUrl: 'https://acme.zendesk.com', publicPhone: '+14155552671', publicSiteUrl: 'https://acme.example' };
      assert.equal((await t.http.put(UPDATE, full, { token: adminToken })).status, 200);
      assert.equal((await t.http.put(UPDATE, { currency: 'GBP' }, { token: adminToken })).status, 200);
      assert.deepEqual((await t.http.get(GET, { token: adminToken })).body, { ...full, currency: 'GBP', timezoneForComparison: 'Asia/Tokyo' });

      const cleared = await t.http.put(UPDATE, { timezone: '', zendeskAccountUrl: '', publicPhone: null, publicSiteUrl: null }, { token: adminToken });
      assert.equal(cleared.status, 200);
      const read = (await t.http.get(GET, { token: adminToken })).body;
      assert.equal(read.timezone, '');
      assert.equal(read.zendeskAccountUrl, '');
      assert.equal(read.publicPhone, null);
      assert.equal(read.publicSiteUrl, null);
      assert.equal(read.currency, 'GBP');
    });

    it("answers the spec's placeholder body with a 400 naming each bad field, and changes nothing", async () => {
      const { adminToken } = await createTenantWithUser(t);
      const before = (await t.http.get(GET, { token: adminToken })).body;
      const answer = await t.http.put(UPDATE, sampleBody, { token: adminToken, headers: ODATA });
      assert.equal(answer.status, 400);
      assert.deepEqual(members(answer), ['currency', 'defaultCountryCode', 'publicPhone', 'publicSiteUrl', 'timezone', 'zendeskAccountUrl']);
      assert.deepEqual((await t.http.get(GET, { token: adminToken })).body, before);
    });

    it('refuses each kind of bad value with a 400 naming its field', async () => {
      const { adminToken } = await createTenantWithUser(t);
      const cases: [string, unknown][] = [
        ['defaultCountryCode', 'USA'],
        ['defaultCountryCode', 'XX'],
        ['defaultCountryCode', null],
        ['defaultCountryCode', ''],
        ['currency', 'DOLLAR'],
        ['currency', 'XYZ'],
        ['currency', null],
        ['timezone', 'Mars/Olympus_Mons'],
        ['timezone', 'UTC+2'],
        ['zendeskAccountUrl', 'acme.zendesk.com'],
        ['zendeskAccountUrl', 'ftp://acme.zendesk.com'],
        ['publicPhone', '4155552671'],
        ['publicPhone', '+1 555'],
        ['publicSiteUrl', 'javascript:alert(1)'],
        ['publicSiteUrl', 'x'.repeat(3000)],
        ['publicSiteUrl', { url: 'https://acme.example' }],
      ];
      for (const [field, value] of cases) {
        const answer = await t.http.put(UPDATE, { [field]: value }, { token: adminToken });
        assert.equal(answer.status, 400, `${field} = ${JSON.stringify(value)}`);
        assert.deepEqual(members(answer), [field], `${field} = ${JSON.stringify(value)}`);
      }
    });

    it('needs a credential and the Settings.Manage permission', async () => {
      const { userToken } = await createTenantWithUser(t);
      assert.equal((await t.http.get(GET)).status, 401);
      assert.equal((await t.http.put(UPDATE, documentedBody)).status, 401);
      assert.equal((await t.http.get(GET, { token: userToken })).status, 403);
      const refused = await t.http.put(UPDATE, documentedBody, { token: userToken });
      assert.equal(refused.status, 403);
      assert.match(refused.body.error.message, /Settings\.Manage/);
    });

    it("changes only the caller's own tenant", async () => {
      const a = await createTenantWithUser(t);
      const b = await createTenantWithUser(t);
      const hostBefore = (await t.http.get(GET, { token: hostToken })).body;
      const otherBefore = (await t.http.get(GET, { token: b.adminToken })).body;
      const change = { defaultCountryCode: 'DE', currency: 'CHF', timezone: 'Europe/Berlin', publicSiteUrl: 'https://a.example' };
      assert.equal((await t.http.put(UPDATE, change, { token: a.adminToken })).status, 200);
      assert.equal((await t.http.get(GET, { token: a.adminToken })).body.currency, 'CHF');
      assert.deepEqual((await t.http.get(GET, { token: b.adminToken })).body, otherBefore);
      assert.deepEqual((await t.http.get(GET, { token: hostToken })).body, hostBefore);
    });

    it('lets the host edit the defaults that tenants created afterwards inherit, leaving existing tenants theirs', async () => {
      const existing = await createTenantWithUser(t);
      assert.equal((await t.http.put(UPDATE, { timezone: '' }, { token: existing.adminToken })).status, 200);
      const existingBefore = (await t.http.get(GET, { token: existing.adminToken })).body;
      const hostBefore = (await t.http.get(GET, { token: hostToken })).body;
      try {
        const defaults = { defaultCountryCode: 'CA', currency: 'CAD', timezone: 'America/Toronto' };
        assert.equal((await t.http.put(UPDATE, defaults, { token: hostToken })).status, 200);
        const host = (await t.http.get(GET, { token: hostToken })).body;
        assert.deepEqual(host, { ...hostBefore, ...defaults, timezoneForComparison: 'America/Toronto' });

        const created = await createTenantWithUser(t);
        const inherited = (await t.http.get(GET, { token: created.adminToken })).body;
        assert.equal(inherited.defaultCountryCode, 'CA');
        assert.equal(inherited.currency, 'CAD');
        assert.equal(inherited.timezone, 'America/Toronto');

        const kept = (await t.http.get(GET, { token: existing.adminToken })).body;
        assert.equal(kept.defaultCountryCode, existingBefore.defaultCountryCode);
        assert.equal(kept.currency, existingBefore.currency);
        assert.equal(kept.timezone, '', 'an empty zone stays empty...');
        assert.equal(kept.timezoneForComparison, 'America/Toronto', '...and follows the host default');
      } finally {
        // The host defaults are shared by every test on this database: put them back.
        assert.equal((await t.http.put(UPDATE, hostBefore, { token: hostToken })).status, 200);
      }
    });
  });
}
