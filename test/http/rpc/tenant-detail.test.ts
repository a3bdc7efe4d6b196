import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../helpers/engines.js';
import { createTenant } from '../../helpers/fixtures.js';
import { RPC, createProduct, hostToken, hostUserWith, namedFields, submitLead, validCompleteBody } from '../../helpers/onboarding.js';
import { createTenantWithUser } from '../../helpers/tenant-with-user.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const M = {
  forEdit: '/api/services/Platform/Tenant/GetTenantForEdit',
  update: '/api/services/Platform/Tenant/UpdateTenant',
  users: '/api/services/Platform/User/GetUsers',
  subscriptions: '/api/services/Platform/TenantSubscription/GetSubscriptions',
  invoices: '/api/services/CRM/Invoice/GetInvoices',
  packages: '/api/services/Platform/Package/GetTenantPackages',
};

/** What the host's tenant page reads: the tenant's editable fields, users, subscriptions, invoices and packages. */
for (const engine of testEngines()) {
  describe(`a tenant as the host sees it on ${engine.name}`, () => {
    let t: TestApp;
    let host: string;
    /** A tenant made by a completed registration: it has a subscription and an invoice. */
    let registered: { tenantId: number; publicInvoiceId: string; adminToken: string };
    before(async () => {
      t = await startTestApp(engine);
      host = await hostToken(t);
      const form = (await hostUserWith(t, ['Leads.Submit', 'Registration.Complete'])).token;
      const product = await createProduct(t, host, [{ paymentPeriodType: 'Monthly', amount: 29.99, currency: 'USD' }], 'Starter');
      const lead = await submitLead(t, form, product.id);
      const body = validCompleteBody(lead.leadRequestXref, { returnBearerToken: true });
      const completed = await t.http.post(RPC.complete, body, { token: form });
      assert.equal(completed.status, 200, completed.text);
      registered = { tenantId: completed.body.tenantId, publicInvoiceId: completed.body.publicInvoiceId, adminToken: completed.body.bearerAccessToken };
    });
    after(() => t.close());

    it('edits a tenant field by field: a bad value is named by its field and changes nothing, a good one is stored', async () => {
      const { tenant } = await createTenant(t);
      const read = await t.http.get(`${M.forEdit}?id=${tenant.id}`, { token: host });
      assert.equal(read.status, 200, read.text);
      assert.equal(read.body.name, tenant.name);

      const bad = await t.http.put(M.update, { id: tenant.id, companyName: '', country: 'Atlantis', numberOfUsers: 5 }, { token: host });
      assert.equal(bad.status, 400);
      assert.deepEqual(namedFields(bad), ['companyName', 'country']);
      assert.match(JSON.stringify(bad.body.error.validationErrors), /The companyName field is required/);
      assert.equal((await t.data.tenants.findLive(tenant.id))!.number_of_users, read.body.numberOfUsers ?? null);

      const good = await t.http.put(M.update, { id: tenant.id, companyName: 'Renamed Ltd', country: 'France', city: 'Lyon', numberOfUsers: 5, zip: null }, { token: host });
      assert.equal(good.status, 200, good.text);
      assert.equal(good.body.companyName, 'Renamed Ltd');
      assert.equal(good.body.numberOfUsers, 5);
      const row = (await t.data.tenants.findLive(tenant.id))!;
      assert.deepEqual([row.company_name, row.country, row.country_code, row.city, row.number_of_users, row.zip], ['Renamed Ltd', 'France', 'FR', 'Lyon', 5, null]);
      const audit = await t.http.get(`/api/services/Platform/AuditLog/GetAuditLogs?tenantId=${tenant.id}&action=tenant.updated`, { token: host });
      assert.equal(audit.body.items[0].details.surface, 'rpc');
      const cleared = await t.http.put(M.update, { id: tenant.id, numberOfUsers: null }, { token: host });
      assert.equal(cleared.status, 200, cleared.text);
      assert.equal(cleared.body.numberOfUsers, null, 'null clears the quota (it is not read as 0)');
      assert.equal((await t.data.tenants.findLive(tenant.id))!.number_of_users, null);

      assert.equal((await t.http.put(M.update, { id: 2_000_000_000, city: 'Nowhere' }, { token: host })).status, 404);
    });

    it('lists a tenant’s users for the host, and refuses a tenant looking into another', async () => {
      const users = await t.http.get(`${M.users}?tenantId=${registered.tenantId}`, { token: host });
      assert.equal(users.status, 200, users.text);
      assert.deepEqual(users.body.items.map((u: { userName: string; roleNames: string[] }) => [u.userName, u.roleNames.includes('Admin')]), [['admin', true]]);
      const tenantAdminEmail = users.body.items[0].emailAddress as string;
      // Without tenantId the host lists its own users, as before.
      const own = await t.http.get(M.users, { token: host });
      assert.equal(own.status, 200);
      assert.ok(own.body.items.length > 0);
      assert.ok(own.body.items.every((u: { emailAddress: string }) => u.emailAddress !== tenantAdminEmail));
      const other = await createTenantWithUser(t);
      assert.equal((await t.http.get(`${M.users}?tenantId=${registered.tenantId}`, { token: other.adminToken })).status, 403);
      assert.equal((await t.http.get(`${M.users}?tenantId=${other.tenant.tenant.id}`, { token: other.adminToken })).status, 200);
      assert.equal((await t.http.get(`${M.users}?tenantId=2000000000`, { token: host })).status, 404);
    });

    it('shows the registered tenant’s subscription and invoice to the host, its subscriptions to the tenant itself and to no other tenant', async () => {
      const subscriptions = await t.http.get(`${M.subscriptions}?tenantId=${registered.tenantId}`, { token: host });
      assert.equal(subscriptions.status, 200, subscriptions.text);
      assert.deepEqual(
        subscriptions.body.items.map((s: Record<string, unknown>) => [s.productName, s.paymentPeriodType, s.status, s.amount, s.currency]),
        [['Starter', 'Monthly', 'pending', 29.99, 'USD']],
      );
      const invoices = await t.http.get(`${M.invoices}?tenantId=${registered.tenantId}`, { token: host });
      assert.equal(invoices.status, 200, invoices.text);
      assert.equal(invoices.body.totalCount, 1);
      assert.deepEqual([invoices.body.items[0].publicInvoiceId, invoices.body.items[0].total, invoices.body.items[0].status], [registered.publicInvoiceId, 29.99, 'open']);
      // The invoice's public page is where the list points.
      assert.equal((await t.http.get(`/invoices/${registered.publicInvoiceId}`)).status, 200);

      const own = await t.http.get(M.subscriptions, { token: registered.adminToken });
      assert.equal(own.status, 200, own.text);
      assert.deepEqual(own.body.items.map((s: { id: number }) => s.id), subscriptions.body.items.map((s: { id: number }) => s.id));
      const other = await createTenantWithUser(t);
      // Another tenant's subscriptions are answered as if that tenant did not exist; the tenant's own list is empty.
      assert.equal((await t.http.get(`${M.subscriptions}?tenantId=${registered.tenantId}`, { token: other.adminToken })).status, 404);
      assert.deepEqual((await t.http.get(M.subscriptions, { token: other.adminToken })).body.items, []);
      assert.equal((await t.http.get(M.subscriptions, { token: other.userToken })).status, 403);

      const unnamed = await t.http.get(M.subscriptions, { token: host });
      assert.equal(unnamed.status, 400);
      assert.deepEqual(namedFields(unnamed), ['tenantId']);
    });

    it('lists the packages a tenant has installed', async () => {
      const pkg = await t.http.post('/api/services/Platform/Package/CreatePackage', { name: 'Case dynamics' }, { token: host });
      assert.equal(pkg.status, 200, pkg.text);
      const { tenant } = await createTenant(t);
      await t.data.packages.install(tenant.id, [pkg.body.id], null);
      const installed = await t.http.get(`${M.packages}?tenantId=${tenant.id}`, { token: host });
      assert.equal(installed.status, 200, installed.text);
      assert.deepEqual(installed.body.items.map((p: { id: string }) => p.id), [pkg.body.id]);
      assert.equal((await t.http.get(`${M.packages}?tenantId=2000000000`, { token: host })).status, 404);
    });
  });
}
