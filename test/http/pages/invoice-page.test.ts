import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../helpers/engines.js';
import { RPC, createCoupon, createProduct, hostToken, submitLead, validCompleteBody } from '../../helpers/onboarding.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

for (const engine of testEngines()) {
  describe(`public invoice page on ${engine.name}`, () => {
    let t: TestApp;
    let host: string;
    before(async () => {
      t = await startTestApp(engine);
      host = await hostToken(t);
    });
    after(() => t.close());

    it('shows a yen invoice with an amount coupon: lines, discount and total in whole yen', async () => {
      const product = await createProduct(t, host, [{ paymentPeriodType: 'Annual', amount: 12000, currency: 'JPY' }]);
      const coupon = await createCoupon(t, host, { amountOff: 1500, currency: 'JPY' });
      const lead = await submitLead(t, host, product.id, { products: [{ productId: product.id, paymentPeriodType: 'Annual', quantity: 1 }], couponCode: coupon.code });
      const registration = await t.http.post(RPC.complete, validCompleteBody(lead.leadRequestXref), { token: host });
      assert.equal(registration.status, 200, registration.text);
      const path = `/invoices/${registration.body.publicInvoiceId.toUpperCase()}`;
      const json = await t.http.get(path, { headers: { accept: 'application/json' } });
      assert.equal(json.status, 200, json.text);
      assert.deepEqual(
        [json.body.lines.map((l: { amount: number }) => l.amount), json.body.discount, json.body.total, json.body.currency, json.body.payUrl],
        [[12000], 1500, 10500, 'JPY', null],
      );
      const page = await t.http.get(path);
      assert.equal(page.status, 200);
      assert.equal(page.headers.get('cache-control'), 'no-store');
      assert.ok(page.text.includes('10500 JPY') && page.text.includes('−1500 JPY'));
      assert.ok(page.text.includes(`coupon ${coupon.code}`));
      assert.ok(page.text.includes('Due'));
    });

    it('answers 404 for an unknown or malformed invoice id, as a page or as JSON', async () => {
      for (const id of [randomUUID(), 'not-a-uuid', '..%2F..%2Fetc']) {
        const json = await t.http.get(`/invoices/${id}`, { headers: { accept: 'application/json' } });
        assert.equal(json.status, 404, id);
        assert.equal(json.body.success, false);
        const page = await t.http.get(`/invoices/${id}`, { headers: { accept: 'text/html' } });
        assert.equal(page.status, 404, id);
        assert.match(page.headers.get('content-type') ?? '', /text\/html/);
      }
    });
  });
}
