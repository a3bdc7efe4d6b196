import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../helpers/engines.js';
import { createProduct, hostToken, namedFields, RPC, submitLead, validCompleteBody } from '../../helpers/onboarding.js';
import { createTenantWithUser } from '../../helpers/tenant-with-user.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const INVOICES = '/api/services/CRM/Invoice/GetInvoices';

for (const engine of testEngines()) {
  describe(`CRM/Invoice/GetInvoices on ${engine.name}`, () => {
    let t: TestApp;
    let host: string;
    before(async () => {
      t = await startTestApp(engine);
      host = await hostToken(t);
    });
    after(() => t.close());

    /** A tenant registered through the onboarding methods, so it has the invoice the registration wrote. */
    async function registeredTenant() {
      const product = await createProduct(t, host, [{ paymentPeriodType: 'Monthly', amount: 29.99, currency: 'USD' }]);
      const lead = await submitLead(t, host, product.id);
      const body = validCompleteBody(lead.leadRequestXref);
      const answer = await t.http.post(RPC.complete, body, { token: host });
      assert.equal(answer.status, 200, answer.text);
      const token = await t.http.signIn('admin', body.adminPassword as string, body.tenancyName);
      return { ...(answer.body as { tenantId: number; publicInvoiceId: string }), product, token };
    }

    it("lists a tenant admin's own invoices with the public id of each invoice's page", async () => {
      const tenant = await registeredTenant();
      const answer = await t.http.get(INVOICES, { token: tenant.token });
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.body.totalCount, 1);
      const [invoice] = answer.body.items;
      assert.equal(invoice.publicInvoiceId, tenant.publicInvoiceId);
      assert.equal(invoice.status, 'open');
      assert.equal(invoice.currency, 'USD');
      assert.equal(invoice.total, 29.99);
      assert.match(invoice.description, new RegExp(tenant.product.name));
      const page = await t.http.get(`/invoices/${invoice.publicInvoiceId}`);
      assert.equal(page.status, 200);
    });

    it("lets the host read a named tenant's invoices, and asks the host to name one", async () => {
      const tenant = await registeredTenant();
      const answer = await t.http.get(`${INVOICES}?tenantId=${tenant.tenantId}`, { token: host });
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.body.items.map((i: { publicInvoiceId: string }) => i.publicInvoiceId), [tenant.publicInvoiceId]);
      const unnamed = await t.http.get(INVOICES, { token: host });
      assert.equal(unnamed.status, 400);
      assert.deepEqual(namedFields(unnamed), ['tenantId']);
      assert.equal((await t.http.get(`${INVOICES}?tenantId=987654321`, { token: host })).status, 404);
    });

    it("answers another tenant's invoices as not found, and refuses a user without Payments.Manage", async () => {
      const tenant = await registeredTenant();
      const { adminToken, userToken } = await createTenantWithUser(t);
      assert.equal((await t.http.get(`${INVOICES}?tenantId=${tenant.tenantId}`, { token: adminToken })).status, 404);
      assert.deepEqual((await t.http.get(INVOICES, { token: adminToken })).body, { totalCount: 0, items: [] });
      assert.equal((await t.http.get(INVOICES, { token: userToken })).status, 403);
      assert.equal((await t.http.get(INVOICES)).status, 401);
    });
  });
}
