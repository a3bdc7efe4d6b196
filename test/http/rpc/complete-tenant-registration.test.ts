import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { HOST_TENANT_ID } from '../../../src/domain/caller.js';
import { MAIL_TOPIC, type MailMessage } from '../../../src/domain/mail.js';
import { noPaymentCheckout, type CheckoutRequest, type PaymentCheckout } from '../../../src/services/payments/checkout.js';
import { testEngines } from '../../helpers/engines.js';
import { createTenant, unique } from '../../helpers/fixtures.js';
import { RPC, createCoupon, createProduct, hostToken, hostUserWith, leftovers, namedFields, specCompleteBody, submitLead, validCompleteBody } from '../../helpers/onboarding.js';
import { redeemLoginLink } from '../../helpers/login-links.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

for (const engine of testEngines()) {
  describe(`Platform/TenantSubscription/CompleteTenantRegistration on ${engine.name}`, () => {
    let t: TestApp;
    let checkout: PaymentCheckout = noPaymentCheckout;
    let host: string;
    let form: string;
    let registrar: string;
    let monthly: { id: number };
    let annual: { id: number };
    before(async () => {
      // The payment provider a test stands in for Stripe with; each test that needs one sets it.
      t = await startTestApp(engine, {}, { checkout: { createSession: (request) => checkout.createSession(request) } });
      host = await hostToken(t);
      form = (await hostUserWith(t, ['Leads.Submit'])).token;
      registrar = (await hostUserWith(t, ['Registration.Complete'])).token;
      monthly = await createProduct(t, host, [{ paymentPeriodType: 'Monthly', amount: 29.99, currency: 'USD' }], 'Starter');
      annual = await createProduct(t, host, [{ paymentPeriodType: 'Annual', amount: 120, currency: 'USD' }], 'Support');
    });
    after(() => t.close());

    const complete = (body: unknown) => t.http.post(RPC.complete, body, { token: registrar });
    /** A path on the test server for an absolute link the service answered (its PUBLIC_URL has port 0). */
    const local = (link: string) => {
      const url = new URL(link);
      return `${url.pathname}${url.search}`;
    };
    const bothProducts = () => ({
      products: [
        { productId: monthly.id, paymentPeriodType: 'Monthly', quantity: 1 },
        { productId: annual.id, paymentPeriodType: 'Annual', quantity: 1 },
      ],
    });

    it('answers the spec’s own sample body with a 400 naming requestXref and siteUrl', async () => {
      const answer = await complete(specCompleteBody());
      assert.equal(answer.status, 400);
      assert.deepEqual(namedFields(answer), ['requestXref', 'siteUrl']);
    });

    it('answers 404 for an unknown request xref and 400 for a weak password or a bad tenancy name', async () => {
      const unknown = await complete(validCompleteBody(randomUUID()));
      assert.equal(unknown.status, 404);
      assert.match(unknown.body.error.message, /requestXref/);
      const lead = await submitLead(t, form, monthly.id);
      const bad = await complete(validCompleteBody(lead.leadRequestXref, { adminPassword: 'abc', tenancyName: '9lives' }));
      assert.equal(bad.status, 400);
      assert.deepEqual(namedFields(bad), ['adminPassword', 'tenancyName']);
    });

    it('onboards end to end: password sign-in, a single-use login link and an invoice with the right total', async () => {
      const coupon = await createCoupon(t, host, { percentOff: 10 });
      const lead = await submitLead(t, form, monthly.id, { ...bothProducts(), couponCode: coupon.code });
      const body = validCompleteBody(lead.leadRequestXref, { returnBearerToken: false, noWelcomeEmail: false });
      const answer = await complete(body);
      assert.equal(answer.status, 200, answer.text);
      const r = answer.body;
      assert.deepEqual(
        { tenancyName: r.tenancyName, name: r.name, userName: r.userName, emailAddress: r.emailAddress, isEmailConfirmationRequired: r.isEmailConfirmationRequired, stripePayUrl: r.stripePayUrl, bearerAccessToken: r.bearerAccessToken, bearerRefreshToken: r.bearerRefreshToken },
        { tenancyName: body.tenancyName, name: 'Acme Widgets', userName: 'admin', emailAddress: lead.body.email, isEmailConfirmationRequired: false, stripePayUrl: null, bearerAccessToken: null, bearerRefreshToken: null },
      );
      assert.equal(typeof r.tenantId, 'number');
      assert.equal(typeof r.userId, 'number');
      assert.equal(r.paymentLink, `${t.config.publicUrl}/invoices/${r.publicInvoiceId}`);
      assert.ok(r.loginLink.startsWith(`${t.config.publicUrl}/account/auto-login?token=`));

      const signIn = await t.http.post(RPC.authenticate, { userNameOrEmailAddress: 'admin', password: 'Acme-admin-1', tenancyName: body.tenancyName });
      assert.equal(signIn.status, 200, signIn.text);
      assert.deepEqual([signIn.body.tenantId, signIn.body.userId, signIn.body.shouldResetPassword], [r.tenantId, r.userId, false]);

      const redeemed = await redeemLoginLink(t, r.loginLink);
      assert.equal(redeemed.status, 200, redeemed.text);
      assert.deepEqual([redeemed.body.userId, redeemed.body.tenantId], [r.userId, r.tenantId]);
      const me = await t.http.get(RPC.whoAmI, { token: redeemed.body.accessToken });
      assert.deepEqual([me.body.tenant.tenancyName, me.body.user.userName], [body.tenancyName, 'admin']);
      const again = await redeemLoginLink(t, r.loginLink);
      assert.equal(again.status, 401);

      const invoice = await t.http.get(local(r.paymentLink), { headers: { accept: 'application/json' } });
      assert.equal(invoice.status, 200, invoice.text);
      const lineSum = invoice.body.lines.reduce((sum: number, l: { amount: number }) => sum + l.amount, 0);
      assert.equal(Math.round(lineSum * 100), 14999);
      assert.deepEqual(
        [invoice.body.subtotal, invoice.body.discount, invoice.body.total, invoice.body.currency, invoice.body.status, invoice.body.couponCode],
        [149.99, 15, 134.99, 'USD', 'open', coupon.code],
      );
      assert.equal(Math.round((lineSum - invoice.body.discount) * 100), Math.round(invoice.body.total * 100));
      assert.deepEqual(invoice.body.tenant, { tenancyName: body.tenancyName, name: 'Acme Widgets', companyName: 'Acme Widgets Ltd' });
      const page = await t.http.get(local(r.paymentLink), { headers: { accept: 'text/html' } });
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
      assert.ok(page.text.includes('134.99 USD'), 'the page shows the total');
      assert.ok(page.text.includes('Starter (Monthly)') && page.text.includes('−15.00 USD'));
      assert.ok(!page.text.includes('class="pay"'), 'no pay button without a checkout page');

      const tenant = (await t.data.tenants.findLive(r.tenantId))!;
      assert.deepEqual([tenant.company_name, tenant.site_url, tenant.city, tenant.state, tenant.country_code], ['Acme Widgets Ltd', 'https://acme.example.com', lead.body.city, 'ab', 'US']);
      const settings = (await t.data.settings.find(r.tenantId))!;
      assert.deepEqual([settings.default_country_code, settings.currency], ['US', 'USD']);
      const converted = (await t.data.leads.findByXref(HOST_TENANT_ID, lead.leadRequestXref))!;
      assert.deepEqual([converted.status, converted.converted_tenant_id], ['converted', r.tenantId]);
      const subscriptions = await t.data.subscriptions.listForTenant(r.tenantId);
      assert.deepEqual(
        subscriptions.map((s) => [s.product_id, s.payment_period_type, s.quantity, s.status, s.amount_minor, s.currency]),
        [[monthly.id, 'Monthly', 1, 'pending', 2999, 'USD'], [annual.id, 'Annual', 1, 'pending', 12000, 'USD']],
      );
      const coupons = (await t.http.get(RPC.getCoupons, { token: host })).body.items;
      assert.equal(coupons.find((c: { id: number }) => c.id === coupon.id).redemptionCount, 1);
      const audit = (await t.data.auditLog.listForTenant(r.tenantId)).map((a) => a.action).sort();
      assert.deepEqual(audit, ['login_link.issued', 'login_link.issued', 'login_link.redeemed', 'sign_in.succeeded', 'tenant.registered']);
    });

    it('answers bearer tokens that work when returnBearerToken is true', async () => {
      const lead = await submitLead(t, form, monthly.id);
      const answer = await complete(validCompleteBody(lead.leadRequestXref, { returnBearerToken: true }));
      assert.equal(answer.status, 200, answer.text);
      const me = await t.http.get(RPC.whoAmI, { token: answer.body.bearerAccessToken });
      assert.equal(me.status, 200);
      assert.equal(me.body.tenant.id, answer.body.tenantId);
      const refreshed = await t.http.post('/api/TokenAuth/RefreshToken', { refreshToken: answer.body.bearerRefreshToken });
      assert.equal(refreshed.status, 200);
    });

    it('answers 409 to a second completion of the same request and creates no second tenant', async () => {
      const lead = await submitLead(t, form, monthly.id);
      assert.equal((await complete(validCompleteBody(lead.leadRequestXref))).status, 200);
      const second = await complete(validCompleteBody(lead.leadRequestXref));
      assert.equal(second.status, 409);
      assert.deepEqual(namedFields(second), ['requestXref']);
      assert.equal((await leftovers(t, lead.leadRequestXref, lead.body.email)).users, 1);
    });

    it('answers a retry of the same request by the same caller with the first answer and a fresh login link', async () => {
      const lead = await submitLead(t, form, monthly.id);
      const body = validCompleteBody(lead.leadRequestXref, { noWelcomeEmail: false });
      const first = await complete(body);
      assert.equal(first.status, 200, first.text);
      const retry = await complete({ ...body, returnBearerToken: true });
      assert.equal(retry.status, 200, retry.text);
      const same = ['tenantId', 'tenancyName', 'name', 'userName', 'userId', 'emailAddress', 'paymentLink', 'publicInvoiceId'] as const;
      for (const field of same) assert.equal(retry.body[field], first.body[field], field);
      assert.notEqual(retry.body.loginLink, first.body.loginLink);
      assert.equal((await t.http.get(RPC.whoAmI, { token: retry.body.bearerAccessToken })).body.tenant.id, first.body.tenantId);
      const left = await leftovers(t, lead.leadRequestXref, lead.body.email);
      assert.deepEqual([left.users, left.invoices, left.subscriptions], [1, 1, 1]);
      assert.equal((await t.data.outbox.listForTenant(first.body.tenantId, MAIL_TOPIC)).length, 1);
      // The fresh link opens the same admin's account.
      const page = await t.http.get(local(retry.body.loginLink));
      assert.equal(page.status, 200);
    });

    it('answers 409 to a repeat with another parameter, another password or by another caller', async () => {
      const lead = await submitLead(t, form, monthly.id);
      const body = validCompleteBody(lead.leadRequestXref);
      assert.equal((await complete(body)).status, 200);
      assert.equal((await complete({ ...body, siteUrl: 'https://other.example.com' })).status, 409);
      assert.equal((await complete({ ...body, adminPassword: 'Other-admin-2' })).status, 409);
      const otherRegistrar = (await hostUserWith(t, ['Registration.Complete'])).token;
      const byOther = await t.http.post(RPC.complete, body, { token: otherRegistrar });
      assert.equal(byOther.status, 409);
      assert.deepEqual(namedFields(byOther), ['requestXref']);
    });

    it('answers 409 to a retry once the registered tenant is deleted', async () => {
      const lead = await submitLead(t, form, monthly.id);
      const body = validCompleteBody(lead.leadRequestXref);
      const first = await complete(body);
      await t.services.tenantLifecycle.delete(await t.services.auth.callerFromBearer(host), first.body.tenantId);
      assert.equal((await complete(body)).status, 409);
    });

    it('gives concurrent identical completions one tenant and the same answer', async () => {
      const lead = await submitLead(t, form, monthly.id);
      const body = validCompleteBody(lead.leadRequestXref);
      const answers = await Promise.all([1, 2, 3].map(() => complete(body)));
      assert.deepEqual(answers.map((a) => a.status), [200, 200, 200], answers.map((a) => a.text).join('\n'));
      assert.equal(new Set(answers.map((a) => a.body.tenantId)).size, 1);
      const left = await leftovers(t, lead.leadRequestXref, lead.body.email);
      assert.deepEqual([left.users, left.invoices, left.subscriptions], [1, 1, 1]);
    });

    it('lets exactly one of concurrent completions of one request win', async () => {
      const lead = await submitLead(t, form, monthly.id);
      const answers = await Promise.all([1, 2, 3].map(() => complete(validCompleteBody(lead.leadRequestXref))));
      assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409, 409]);
      const left = await leftovers(t, lead.leadRequestXref, lead.body.email);
      assert.deepEqual([left.users, left.invoices, left.subscriptions], [1, 1, 1]);
    });

    it('lets exactly one of concurrent registrations of one tenancy name win', async () => {
      const tenancyName = unique('Race');
      const leads = [await submitLead(t, form, monthly.id), await submitLead(t, form, monthly.id)];
      // The second spells the name in lower case: names are unique ignoring case.
      const answers = await Promise.all(leads.map((lead, i) => complete(validCompleteBody(lead.leadRequestXref, { tenancyName: i === 0 ? tenancyName : tenancyName.toLowerCase() }))));
      assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409]);
      const loser = answers.findIndex((a) => a.status === 409);
      assert.deepEqual(namedFields(answers[loser]!), ['tenancyName']);
      const left = await leftovers(t, leads[loser]!.leadRequestXref, leads[loser]!.body.email);
      assert.deepEqual([left.lead.status, left.users, left.invoices, left.subscriptions], ['submitted', 0, 0, 0]);
    });

    it('leaves nothing behind when a product is retired between submission and completion', async () => {
      const product = await createProduct(t, host);
      const coupon = await createCoupon(t, host, { percentOff: 5 });
      const lead = await submitLead(t, form, product.id, { couponCode: coupon.code });
      assert.equal((await t.http.delete(`${RPC.deleteProduct}?id=${product.id}`, { token: host })).status, 200);
      const body = validCompleteBody(lead.leadRequestXref);
      const answer = await complete(body);
      assert.equal(answer.status, 409, answer.text);
      assert.match(answer.body.error.message, /no longer offered/);
      const left = await leftovers(t, lead.leadRequestXref, lead.body.email, body.tenancyName);
      assert.deepEqual([left.tenant, left.users, left.subscriptions, left.invoices, left.lead.status, left.lead.converted_tenant_id], [undefined, 0, 0, 0, 'submitted', null]);
      const couponRow = await t.data.coupons.find(coupon.id);
      assert.equal(couponRow?.redemption_count, 0);
    });

    it('leaves nothing behind when the coupon is used up between submission and completion', async () => {
      const coupon = await createCoupon(t, host, { percentOff: 50, maxRedemptions: 1 });
      const first = await submitLead(t, form, monthly.id, { couponCode: coupon.code });
      const second = await submitLead(t, form, monthly.id, { couponCode: coupon.code });
      assert.equal((await complete(validCompleteBody(first.leadRequestXref))).status, 200);
      const body = validCompleteBody(second.leadRequestXref);
      const answer = await complete(body);
      assert.equal(answer.status, 409, answer.text);
      const left = await leftovers(t, second.leadRequestXref, second.body.email, body.tenancyName);
      assert.deepEqual([left.tenant, left.users, left.subscriptions, left.invoices, left.lead.status], [undefined, 0, 0, 0, 'submitted']);
    });

    it('refuses the tenancy name of a deleted tenant and leaves nothing behind', async () => {
      const deleted = await createTenant(t);
      await t.services.tenantLifecycle.delete(await t.services.auth.callerFromBearer(host), deleted.tenant.id);
      const lead = await submitLead(t, form, monthly.id);
      const answer = await complete(validCompleteBody(lead.leadRequestXref, { tenancyName: deleted.tenant.tenancy_name.toUpperCase() }));
      assert.equal(answer.status, 409);
      assert.deepEqual(namedFields(answer), ['tenancyName']);
      const left = await leftovers(t, lead.leadRequestXref, lead.body.email);
      assert.deepEqual([left.users, left.subscriptions, left.invoices, left.lead.status], [0, 0, 0, 'submitted']);
    });

    it('derives a free tenancy name from the tenant name when none is given', async () => {
      const tenantName = `Zeta Corp ${unique('')}`;
      const names: string[] = [];
      for (let i = 0; i < 2; i++) {
        const lead = await submitLead(t, form, monthly.id);
        const answer = await complete(validCompleteBody(lead.leadRequestXref, { tenancyName: null, tenantName }));
        assert.equal(answer.status, 200, answer.text);
        names.push(answer.body.tenancyName);
      }
      assert.equal(names[0], tenantName.replace(/ /g, '-'));
      assert.match(names[1]!, new RegExp(`^${names[0]}-[0-9a-f]{6}$`));
    });

    it('queues the welcome e-mail exactly once, with its own working login link, and none with noWelcomeEmail', async () => {
      const lead = await submitLead(t, form, monthly.id);
      const answer = await complete(validCompleteBody(lead.leadRequestXref, { noWelcomeEmail: false }));
      const mails = await t.data.outbox.listForTenant(answer.body.tenantId, MAIL_TOPIC);
      assert.equal(mails.length, 1);
      const mail = mails[0]!.payload as MailMessage;
      assert.equal(mail.to, lead.body.email);
      for (const fact of [answer.body.tenancyName, 'User name: admin', answer.body.paymentLink, '29.99 USD']) assert.ok(mail.text.includes(fact), fact);
      const link = /(http\S+\/account\/auto-login\?token=\S+)/.exec(mail.text)![1]!;
      assert.notEqual(link, answer.body.loginLink, 'the e-mail has its own single-use link');
      assert.ok(mail.html!.includes(link.replace(/&/g, '&amp;')));
      assert.equal((await redeemLoginLink(t, link)).status, 200);
      assert.ok(!mail.text.includes('Acme-admin-1'), 'never the password');

      const quiet = await submitLead(t, form, monthly.id);
      const silent = await complete(validCompleteBody(quiet.leadRequestXref, { noWelcomeEmail: true }));
      assert.equal((await t.data.outbox.listForTenant(silent.body.tenantId, MAIL_TOPIC)).length, 0);
    });

    it('generates the admin password when none is given and asks the admin to choose one', async () => {
      const lead = await submitLead(t, form, monthly.id);
      const answer = await complete(validCompleteBody(lead.leadRequestXref, { adminPassword: '' }));
      assert.equal(answer.status, 200, answer.text);
      const redeemed = await redeemLoginLink(t, answer.body.loginLink);
      assert.equal(redeemed.status, 200);
      assert.equal(redeemed.body.shouldResetPassword, true);
    });

    it('settles an invoice with nothing to pay at once and asks no payment provider', async () => {
      const free = await createCoupon(t, host, { percentOff: 100 });
      const lead = await submitLead(t, form, monthly.id, { couponCode: free.code });
      let asked = false;
      const original = checkout;
      checkout = { createSession: async () => ((asked = true), { id: 'cs_x', url: 'https://pay.example/x' }) };
      try {
        const answer = await complete(validCompleteBody(lead.leadRequestXref));
        assert.equal(answer.status, 200);
        assert.equal(answer.body.stripePayUrl, null);
        assert.equal(asked, false);
        const invoice = await t.http.get(local(answer.body.paymentLink), { headers: { accept: 'application/json' } });
        assert.deepEqual([invoice.body.total, invoice.body.status], [0, 'paid']);
        assert.deepEqual((await t.data.subscriptions.listForTenant(answer.body.tenantId)).map((s) => s.status), ['active']);
      } finally {
        checkout = original;
      }
    });

    it('answers the checkout page of the payment provider and keeps the registration when the provider fails', async () => {
      const original = checkout;
      const requests: CheckoutRequest[] = [];
      try {
        checkout = {
          async createSession(request) {
            requests.push(request);
            return { id: 'cs_test_123', url: 'https://checkout.stripe.test/c/pay/cs_test_123?a=1&b=2' };
          },
        };
        const lead = await submitLead(t, form, monthly.id, bothProducts());
        const answer = await complete(validCompleteBody(lead.leadRequestXref, { tenantName: '<b>Bold & "Co"</b>' }));
        assert.equal(answer.status, 200, answer.text);
        assert.equal(answer.body.stripePayUrl, 'https://checkout.stripe.test/c/pay/cs_test_123?a=1&b=2');
        assert.deepEqual(
          requests.map((r) => [r.publicInvoiceId, r.currency, r.lines.map((l) => l.unitAmountMinor), r.discountMinor, r.customerEmail]),
          [[answer.body.publicInvoiceId, 'USD', [2999, 12000], 0, lead.body.email]],
        );
        const invoice = await t.http.get(local(answer.body.paymentLink), { headers: { accept: 'application/json' } });
        assert.equal(invoice.body.payUrl, answer.body.stripePayUrl);
        const page = await t.http.get(local(answer.body.paymentLink));
        assert.ok(page.text.includes('href="https://checkout.stripe.test/c/pay/cs_test_123?a=1&amp;b=2"'), 'a pay button, its URL escaped');
        assert.ok(page.text.includes('&lt;b&gt;Bold &amp; &quot;Co&quot;&lt;/b&gt;') && !page.text.includes('<b>Bold'), 'everything escaped');

        checkout = {
          async createSession() {
            throw new Error('Stripe is down');
          },
        };
        const unlucky = await submitLead(t, form, monthly.id);
        const stands = await complete(validCompleteBody(unlucky.leadRequestXref));
        assert.equal(stands.status, 200, stands.text);
        assert.equal(stands.body.stripePayUrl, null);
        assert.ok(await t.data.tenants.findLive(stands.body.tenantId));
      } finally {
        checkout = original;
      }
    });
  });
}
