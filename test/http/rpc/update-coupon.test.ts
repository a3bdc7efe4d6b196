import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../helpers/engines.js';
import { RPC, createCoupon, createProduct, hostToken, namedFields, submitLead, validSubmitBody } from '../../helpers/onboarding.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const UPDATE = '/api/services/CRM/Coupon/UpdateCoupon';

for (const engine of testEngines()) {
  describe(`CRM/Coupon/UpdateCoupon on ${engine.name}`, () => {
    let t: TestApp;
    let host: string;
    before(async () => {
      t = await startTestApp(engine);
      host = await hostToken(t);
    });
    after(() => t.close());

    const stored = (id: number) => t.database.db.selectFrom('coupons').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    it('sets and clears a coupon’s expiry and limit, keeping its code and reduction, audited', async () => {
      const coupon = await createCoupon(t, host, { percentOff: 15 });
      const later = new Date(Date.now() + 30 * 86_400_000).toISOString();
      const set = await t.http.put(UPDATE, { id: coupon.id, expiresAt: later, maxRedemptions: 3 }, { token: host });
      assert.equal(set.status, 200, set.text);
      assert.deepEqual([set.body.code, set.body.percentOff, set.body.expiresAt, set.body.maxRedemptions], [coupon.code, 15, later, 3]);
      const row = await stored(coupon.id);
      assert.deepEqual([row.expires_at?.toISOString(), row.max_redemptions, row.percent_off_hundredths], [later, 3, 1500]);

      const cleared = await t.http.put(UPDATE, { id: coupon.id, expiresAt: null, maxRedemptions: null }, { token: host });
      assert.equal(cleared.status, 200, cleared.text);
      assert.deepEqual([(await stored(coupon.id)).expires_at, (await stored(coupon.id)).max_redemptions], [null, null]);
      const audit = await t.http.get(`/api/services/Platform/AuditLog/GetAuditLogs?target=coupon:${coupon.id}&action=coupon.updated&tenantId=0`, { token: host });
      assert.equal(audit.body.totalCount, 2);
    });

    it('ends a coupon at once with an expiry in the past: sign-up then refuses it', async () => {
      const product = await createProduct(t, host);
      const coupon = await createCoupon(t, host, { percentOff: 10 });
      const ended = await t.http.put(UPDATE, { id: coupon.id, expiresAt: new Date(Date.now() - 1000).toISOString() }, { token: host });
      assert.equal(ended.status, 200, ended.text);
      const refused = await t.http.post(RPC.submit, validSubmitBody(product.id, { couponCode: coupon.code }), { token: host });
      assert.equal(refused.status, 400);
      assert.deepEqual(namedFields(refused), ['couponCode']);
      // Without the coupon the same request goes through.
      await submitLead(t, host, product.id);
    });

    it('refuses a bad expiry and a negative limit, changing nothing, and answers 404 for an unknown coupon', async () => {
      const coupon = await createCoupon(t, host, { percentOff: 20, maxRedemptions: 7 });
      const bad = await t.http.put(UPDATE, { id: coupon.id, expiresAt: 'next tuesday', maxRedemptions: -2 }, { token: host });
      assert.equal(bad.status, 400);
      assert.deepEqual(namedFields(bad), ['expiresAt', 'maxRedemptions']);
      assert.equal((await stored(coupon.id)).max_redemptions, 7);
      assert.equal((await t.http.put(UPDATE, { id: 2_000_000_000, maxRedemptions: 1 }, { token: host })).status, 404);
    });
  });
}
