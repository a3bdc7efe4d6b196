import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { HOST_TENANT_ID } from '../../../src/domain/caller.js';
import { testEngines } from '../../helpers/engines.js';
import { unique } from '../../helpers/fixtures.js';
import { RPC, createCoupon, createProduct, hostToken, hostUserWith, namedFields, specSubmitBody, validSubmitBody, type SubmitBody } from '../../helpers/onboarding.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true';

for (const engine of testEngines()) {
  describe(`CRM/Lead/SubmitTenancyRequest on ${engine.name}`, () => {
    let t: TestApp;
    let form: string;
    let host: string;
    let productId: number;
    before(async () => {
      t = await startTestApp(engine);
      host = await hostToken(t);
      // The sign-up form's own account: it holds nothing but Leads.Submit.
      form = (await hostUserWith(t, ['Leads.Submit'])).token;
      productId = (await createProduct(t, host)).id;
    });
    after(() => t.close());

    const submit = (body: unknown, headers: Record<string, string> = {}) =>
      t.http.post(RPC.submit, undefined, { token: form, raw: JSON.stringify(body), headers: { 'content-type': ODATA_JSON, accept: ODATA_JSON, ...headers } });

    it('answers the spec’s own sample body with a 400 naming every placeholder that breaks a rule', async () => {
      const answer = await submit(specSubmitBody());
      assert.equal(answer.status, 400);
      assert.equal(answer.body.success, false);
      assert.deepEqual(namedFields(answer), [
        'clientIp',
        'couponCode',
        'email',
        'entryUrl',
        'leadRequestXref',
        'phone',
        'phoneExt',
        'products[0].productId',
        'products[0].quantity',
        'refererUrl',
        'website',
      ]);
    });

    for (const [name, change, field] of [
      ['productId 0', (b: SubmitBody) => (b.products[0]!.productId = 0), 'products[0].productId'],
      ['quantity 0', (b: SubmitBody) => (b.products[0]!.quantity = 0), 'products[0].quantity'],
      ['the e-mail without "@"', (b: SubmitBody) => (b.email = specSubmitBody().email), 'email'],
      ['"phone": "string"', (b: SubmitBody) => (b.phone = 'string'), 'phone'],
      ['"website": "string"', (b: SubmitBody) => (b.website = 'string'), 'website'],
      ['a phone number without "+"', (b: SubmitBody) => (b.phone = '14155552671'), 'phone'],
      ['a state that is not a region code', (b: SubmitBody) => (b.state = 'California'), 'state'],
      ['an unknown payment period', (b: SubmitBody) => (b.products[0]!.paymentPeriodType = 'Weekly'), 'products[0].paymentPeriodType'],
      ['an unknown product', (b: SubmitBody) => (b.products[0]!.productId = 2_000_000_000), 'products[0].productId'],
      ['an unknown coupon', (b: SubmitBody) => (b.couponCode = unique('NOPE')), 'couponCode'],
    ] as const) {
      it(`answers a valid body with ${name} by a 400 naming ${field}`, async () => {
        const body = validSubmitBody(productId);
        change(body);
        const answer = await submit(body);
        assert.equal(answer.status, 400, answer.text);
        assert.deepEqual(namedFields(answer), [field]);
      });
    }

    it('stores a valid variant of the spec’s sample: the contact, the lead and its products, the city byte for byte', async () => {
      const coupon = await createCoupon(t, host, { percentOff: 10 });
      const body = validSubmitBody(productId, { couponCode: coupon.code.toLowerCase() });
      const answer = await submit(body);
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.body, { leadRequestXref: body.leadRequestXref, contactId: answer.body.contactId });
      assert.equal(typeof answer.body.contactId, 'number');

      const lead = (await t.data.leads.findByXref(HOST_TENANT_ID, body.leadRequestXref))!;
      const contact = (await t.data.leads.findContact(HOST_TENANT_ID, lead.contact_id))!;
      assert.equal(contact.id, answer.body.contactId);
      assert.equal(contact.city, "lpl'pN'}'N'L}L'{}pl{lLll'{pp{N'llN}L}{}L}{'Llp{pNp");
      assert.deepEqual(
        [contact.company_name, contact.first_name, contact.last_name, contact.email, contact.phone, contact.phone_ext, contact.website, contact.state],
        ['string', 'string', 'string', body.email, '+14155552671', '123', 'https://www.example.com', 'ab'],
      );
      assert.equal(lead.status, 'submitted');
      assert.deepEqual(
        [lead.stage, lead.tag, lead.comments, lead.source_code, lead.channel_code, lead.campaign_code, lead.affiliate_code],
        ['string', 'string', 'string', 'string', 'string', 'string', 'string'],
      );
      assert.deepEqual(lead.utm_parameters, { source: 'string', medium: 'string', campaign: 'string', term: 'string', content: 'string', keyword: 'string', adGroup: 'string', name: 'string' });
      assert.deepEqual([lead.coupon_id, lead.coupon_code, lead.currency], [coupon.id, coupon.code, 'USD']);
      assert.deepEqual([lead.referer_url, lead.entry_url, lead.user_agent, lead.client_ip, lead.is_help_needed], [body.refererUrl, body.entryUrl, 'string', '203.0.113.7', true]);
      const products = await t.data.leads.listProducts(HOST_TENANT_ID, lead.id);
      assert.deepEqual(products.map((p) => [p.product_id, p.payment_period_type, p.quantity]), [[productId, 'Monthly', 1]]);
    });

    it('creates the xref when none is given and takes the client IP and user agent from the request', async () => {
      const body = validSubmitBody(productId);
      for (const field of ['leadRequestXref', 'clientIp', 'userAgent', 'affiliateCode', 'couponCode', 'utmParameter']) delete body[field];
      const answer = await submit(body, { 'user-agent': 'SignUpForm/2.1' });
      assert.equal(answer.status, 200, answer.text);
      assert.match(answer.body.leadRequestXref, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const lead = (await t.data.leads.findByXref(HOST_TENANT_ID, answer.body.leadRequestXref))!;
      assert.deepEqual([lead.client_ip, lead.user_agent, lead.affiliate_code, lead.utm_parameters], ['127.0.0.1', 'SignUpForm/2.1', null, null]);
    });

    it('names every missing required field in one 400', async () => {
      const answer = await submit({ affiliateCode: 'ref-1' });
      assert.equal(answer.status, 400);
      assert.deepEqual(namedFields(answer), ['city', 'companyName', 'email', 'firstName', 'lastName', 'phone', 'products', 'state']);
    });

    it('answers the same lead for the same xref and creates nothing new, even for concurrent calls', async () => {
      const body = validSubmitBody(productId);
      const first = await submit(body);
      assert.equal(first.status, 200);
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const again = await submit(reordered);
      assert.equal(again.status, 200, again.text);
      assert.deepEqual(again.body, first.body);

      const concurrent = validSubmitBody(productId, { leadRequestXref: randomUUID().toUpperCase() });
      const answers = await Promise.all([1, 2, 3, 4].map(() => submit(concurrent)));
      assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 200]);
      assert.equal(new Set(answers.map((a) => a.body.contactId)).size, 1);
      assert.equal(answers[0]!.body.leadRequestXref, concurrent.leadRequestXref.toLowerCase());
      const contacts = await t.database.db.selectFrom('contacts').select('id').where('email', '=', concurrent.email).execute();
      assert.equal(contacts.length, 1, 'one contact, not four');
    });

    it('answers 409 to the same xref with other parameters, and stores nothing of them', async () => {
      const body = validSubmitBody(productId);
      const first = await submit(body);
      assert.equal(first.status, 200, first.text);
      const replayed = await submit({ ...body, companyName: 'Changed' });
      assert.equal(replayed.status, 409, replayed.text);
      assert.deepEqual(namedFields(replayed), ['leadRequestXref']);
      const lead = (await t.data.leads.findByXref(HOST_TENANT_ID, body.leadRequestXref))!;
      assert.equal((await t.data.leads.findContact(HOST_TENANT_ID, lead.contact_id))!.company_name, body.companyName);
    });

    it('refuses retired products, missing prices and products without a common currency', async () => {
      const retired = await createProduct(t, host);
      await t.http.put(RPC.updateProduct, { id: retired.id, name: retired.name, prices: [{ paymentPeriodType: 'Monthly', amount: 1, currency: 'USD' }], isRetired: true }, { token: host });
      const euro = await createProduct(t, host, [{ paymentPeriodType: 'Monthly', amount: 9, currency: 'EUR' }]);
      const answer = await submit(
        validSubmitBody(productId, {
          products: [
            { productId: retired.id, paymentPeriodType: 'Monthly', quantity: 1 },
            { productId, paymentPeriodType: 'Annual', quantity: 1 },
            { productId, paymentPeriodType: 'Monthly', quantity: 1 },
          ],
        }),
      );
      assert.deepEqual(namedFields(answer), ['products[0].productId', 'products[1].paymentPeriodType', 'products[2].productId']);
      const mixed = await submit(validSubmitBody(productId, { products: [{ productId, paymentPeriodType: 'Monthly' }, { productId: euro.id, paymentPeriodType: 'Monthly' }] }));
      assert.deepEqual(namedFields(mixed), ['products']);
    });

    it('settles one currency for products priced in several, or asks for a price option', async () => {
      const both = await createProduct(t, host, [
        { paymentPeriodType: 'Monthly', amount: 10, currency: 'EUR' },
        { paymentPeriodType: 'Monthly', amount: 11, currency: 'GBP' },
      ]);
      const ambiguous = await submit(validSubmitBody(both.id));
      assert.deepEqual(namedFields(ambiguous), ['products[0].priceOptionId']);
      const gbp = both.prices.find((p) => p.currency === 'GBP')!;
      const chosen = await submit(validSubmitBody(both.id, { products: [{ productId: both.id, priceOptionId: gbp.id, paymentPeriodType: 'Monthly', quantity: 1 }] }));
      assert.equal(chosen.status, 200, chosen.text);
      assert.equal((await t.data.leads.findByXref(HOST_TENANT_ID, chosen.body.leadRequestXref))!.currency, 'GBP');
      const euroCoupon = await createCoupon(t, host, { amountOff: 2, currency: 'EUR' });
      const byCoupon = await submit(validSubmitBody(both.id, { couponCode: euroCoupon.code }));
      assert.equal(byCoupon.status, 200, byCoupon.text);
      assert.equal((await t.data.leads.findByXref(HOST_TENANT_ID, byCoupon.body.leadRequestXref))!.currency, 'EUR');
    });

    it('refuses expired, used-up and other-currency coupons', async () => {
      const expired = await t.data.coupons.insert({ code: unique('OLD'), percent_off_hundredths: 1000, amount_off_minor: null, currency: null, expires_at: new Date(Date.now() - 60_000), max_redemptions: null });
      const usedUp = await t.data.coupons.insert({ code: unique('ONCE'), percent_off_hundredths: 1000, amount_off_minor: null, currency: null, expires_at: null, max_redemptions: 1 });
      assert.ok(await t.data.coupons.redeem(usedUp.id));
      const yen = await createCoupon(t, host, { amountOff: 500, currency: 'JPY' });
      for (const code of [expired.code, usedUp.code, yen.code]) {
        const answer = await submit(validSubmitBody(productId, { couponCode: code }));
        assert.equal(answer.status, 400, code);
        assert.deepEqual(namedFields(answer), ['couponCode']);
      }
    });

    it('needs Leads.Submit: a host user with other permissions gets 403', async () => {
      const other = await hostUserWith(t, ['Registration.Complete']);
      const answer = await t.http.post(RPC.submit, validSubmitBody(productId), { token: other.token });
      assert.equal(answer.status, 403);
    });
  });
}
