import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../helpers/engines.js';
import type { HttpAnswer } from '../../helpers/http.js';
import { createTenantWithUser } from '../../helpers/tenant-with-user.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../../helpers/test-app.js';

const SET = '/api/services/CRM/TenantPaymentSettings/SetStripeConnectedAccount';
const GET = '/api/services/CRM/TenantPaymentSettings/GetStripeSettings';
// The content type of the spec's curl samples.
const ODATA = { 'content-type': 'application/json;odata.metadata=minimal;odata.streaming=true' };

function members(answer: HttpAnswer): string[] {
  return (answer.body.error.validationErrors as { members: string[] }[]).flatMap((v) => v.members);
}

for (const engine of testEngines()) {
  describe(`CRM/TenantPaymentSettings Stripe connected account on ${engine.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t.close());

    it("sets the spec's account id, answers 200 with an empty body, reads it back and audits the change", async () => {
      const { tenant, adminToken } = await createTenantWithUser(t);
      assert.deepEqual((await t.http.get(GET, { token: adminToken })).body, { connectedAccountId: null });
      const answer = await t.http.post(SET, { connectedAccountId: 'acct_1MD475HHdexuAbVt' }, { token: adminToken, headers: ODATA });
      assert.equal(answer.status, 200);
      assert.equal(answer.text, '');
      assert.deepEqual((await t.http.get(GET, { token: adminToken })).body, { connectedAccountId: 'acct_1MD475HHdexuAbVt' });

      assert.equal((await t.http.post(SET, { connectedAccountId: 'acct_2NewAccount9' }, { token: adminToken })).status, 200);
      const audit = (await t.data.auditLog.listForTenant(tenant.tenant.id)).filter((a) => a.action === 'payments.stripe_account.set');
      assert.equal(audit.length, 2);
      assert.equal(audit[0]!.actor_user_id, tenant.admin.id);
      assert.deepEqual(audit[0]!.details, { connectedAccountId: 'acct_2NewAccount9', previousConnectedAccountId: 'acct_1MD475HHdexuAbVt' });
    });

    it("answers the spec's placeholder with a 400 naming connectedAccountId, and keeps the account", async () => {
      const { adminToken } = await createTenantWithUser(t);
      await t.http.post(SET, { connectedAccountId: 'acct_1MD475HHdexuAbVt' }, { token: adminToken });
      const answer = await t.http.post(SET, { connectedAccountId: 'string' }, { token: adminToken, headers: ODATA });
      assert.equal(answer.status, 400);
      assert.deepEqual(members(answer), ['connectedAccountId']);
      assert.match(answer.body.error.message, /acct_/);
      assert.deepEqual((await t.http.get(GET, { token: adminToken })).body, { connectedAccountId: 'acct_1MD475HHdexuAbVt' });
    });

    it('refuses every value that is not acct_ followed by letters and digits, up to 255 characters', async () => {
      const { adminToken } = await createTenantWithUser(t);
      for (const value of ['acct_', 'ACCT_1MD475HHdexuAbVt', 'acct_1MD4-75HH', 'acct_1MD475 HHdexuAbVt', 'cus_1MD475HHdexuAbVt', `acct_${'a'.repeat(251)}`, 12345, true]) {
        const answer = await t.http.post(SET, { connectedAccountId: value }, { token: adminToken });
        assert.equal(answer.status, 400, JSON.stringify(value));
        assert.deepEqual(members(answer), ['connectedAccountId'], JSON.stringify(value));
      }
      const missing = await t.http.post(SET, {}, { token: adminToken });
      assert.equal(missing.status, 400);
      assert.deepEqual(members(missing), ['connectedAccountId']);
      assert.equal((await t.http.post(SET, { connectedAccountId: `acct_${'a'.repeat(250)}` }, { token: adminToken })).status, 200, '255 characters fit');
    });

    it('disconnects the account with null or an empty string', async () => {
      const { tenant, adminToken } = await createTenantWithUser(t);
      for (const empty of [null, '']) {
        await t.http.post(SET, { connectedAccountId: 'acct_1MD475HHdexuAbVt' }, { token: adminToken });
        assert.equal((await t.http.post(SET, { connectedAccountId: empty }, { token: adminToken })).status, 200);
        assert.deepEqual((await t.http.get(GET, { token: adminToken })).body, { connectedAccountId: null });
      }
      const audit = await t.data.auditLog.listForTenant(tenant.tenant.id);
      assert.equal(audit.filter((a) => a.action === 'payments.stripe_account.disconnected').length, 2);
    });

    it('needs a credential and the Payments.Manage permission', async () => {
      const { userToken } = await createTenantWithUser(t);
      assert.equal((await t.http.get(GET)).status, 401);
      assert.equal((await t.http.post(SET, { connectedAccountId: 'acct_1MD475HHdexuAbVt' })).status, 401);
      assert.equal((await t.http.get(GET, { token: userToken })).status, 403);
      const refused = await t.http.post(SET, { connectedAccountId: 'acct_1MD475HHdexuAbVt' }, { token: userToken });
      assert.equal(refused.status, 403);
      assert.match(refused.body.error.message, /Payments\.Manage/);
    });

    it('refuses host callers: the host has no connected account', async () => {
      const hostToken = await t.http.signIn('admin', HOST_ADMIN_PASSWORD);
      const set = await t.http.post(SET, { connectedAccountId: 'acct_1MD475HHdexuAbVt' }, { token: hostToken });
      assert.equal(set.status, 403);
      assert.match(set.body.error.message, /belongs to a tenant/);
      assert.equal((await t.http.get(GET, { token: hostToken })).status, 403);
      assert.equal((await t.data.settings.find(0))?.stripe_connected_account_id, null);
    });

    it("changes only the caller's own tenant", async () => {
      const a = await createTenantWithUser(t);
      const b = await createTenantWithUser(t);
      await t.http.post(SET, { connectedAccountId: 'acct_BelongsToB' }, { token: b.adminToken });
      assert.equal((await t.http.post(SET, { connectedAccountId: 'acct_BelongsToA' }, { token: a.adminToken })).status, 200);
      assert.deepEqual((await t.http.get(GET, { token: a.adminToken })).body, { connectedAccountId: 'acct_BelongsToA' });
      assert.deepEqual((await t.http.get(GET, { token: b.adminToken })).body, { connectedAccountId: 'acct_BelongsToB' });
    });
  });
}
