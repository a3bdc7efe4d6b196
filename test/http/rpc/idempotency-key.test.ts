import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../helpers/engines.js';
import { unique } from '../../helpers/fixtures.js';
import { RPC, hostToken, hostUserWith } from '../../helpers/onboarding.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

for (const engine of testEngines()) {
  describe(`the Idempotency-Key header on RPC POSTs on ${engine.name}`, () => {
    let t: TestApp;
    let host: string;
    before(async () => {
      t = await startTestApp(engine);
      host = await hostToken(t);
    });
    after(() => t.close());

    const createCoupon = (body: unknown, key: string, token = host) =>
      t.http.post(RPC.createCoupon, body, { token, headers: { 'idempotency-key': key } });
    const couponsWithCode = async (code: string) =>
      (await t.database.db.selectFrom('coupons').select('id').where('code', '=', code).execute()).length;

    it('answers a retry with the first answer, marked as replayed, and changes nothing more', async () => {
      const key = randomUUID();
      const body = { code: unique('SAVE'), percentOff: 10 };
      const first = await createCoupon(body, key);
      assert.equal(first.status, 200, first.text);
      assert.equal(first.headers.get('idempotent-replayed'), null);
      const retry = await createCoupon({ percentOff: 10, code: body.code }, key);
      assert.equal(retry.status, 200, retry.text);
      assert.equal(retry.headers.get('idempotent-replayed'), 'true');
      assert.equal(retry.text, first.text);
      assert.equal(await couponsWithCode(body.code), 1);
    });

    it('answers 409 to the same key with another request, and stores nothing for it', async () => {
      const key = randomUUID();
      const body = { code: unique('SAVE'), percentOff: 10 };
      assert.equal((await createCoupon(body, key)).status, 200);
      const other = { code: unique('SAVE'), percentOff: 20 };
      const reused = await createCoupon(other, key);
      assert.equal(reused.status, 409, reused.text);
      assert.match(reused.body.error.message, /already used for another request/);
      assert.equal(await couponsWithCode(other.code), 0);
    });

    it('keeps an error answer of the method itself and replays it', async () => {
      const taken = { code: unique('SAVE'), percentOff: 10 };
      assert.equal((await t.http.post(RPC.createCoupon, taken, { token: host })).status, 200);
      const key = randomUUID();
      const first = await createCoupon(taken, key);
      assert.equal(first.status, 409, first.text);
      const retry = await createCoupon(taken, key);
      assert.equal(retry.status, 409);
      assert.equal(retry.headers.get('idempotent-replayed'), 'true');
      assert.equal(retry.text, first.text);
    });

    it('keeps no answer for a caller refused before the method ran (401/403): the key stays free', async () => {
      const key = randomUUID();
      const { token, userId } = await hostUserWith(t, []);
      const body = { code: unique('SAVE'), percentOff: 10 };
      const refused = await createCoupon(body, key, token);
      assert.equal(refused.status, 403, refused.text);
      const stored = await t.database.db.selectFrom('idempotency_keys').select('key').where('user_id', '=', userId).where('key', '=', key).execute();
      assert.deepEqual(stored, [], 'no key is held for the refused request');
      const again = await createCoupon(body, key, token);
      assert.equal(again.status, 403);
      assert.equal(again.headers.get('idempotent-replayed'), null, 'the refusal is given anew, not replayed');
      assert.equal(await couponsWithCode(body.code), 0);
    });

    it('keeps keys apart per caller', async () => {
      const key = randomUUID();
      const other = (await hostUserWith(t, ['Catalogue.Manage'])).token;
      const mine = { code: unique('SAVE'), percentOff: 10 };
      const theirs = { code: unique('SAVE'), percentOff: 15 };
      assert.equal((await createCoupon(mine, key)).status, 200);
      const answer = await createCoupon(theirs, key, other);
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.headers.get('idempotent-replayed'), null);
      assert.equal(await couponsWithCode(theirs.code), 1);
    });

    it('refuses a key that is too long or holds spaces', async () => {
      const body = { code: unique('SAVE'), percentOff: 10 };
      for (const key of ['x'.repeat(256), 'two words']) {
        const answer = await createCoupon(body, key);
        assert.equal(answer.status, 400, answer.text);
        assert.match(answer.body.error.validationErrors[0].message, /Idempotency-Key/);
      }
      assert.equal(await couponsWithCode(body.code), 0);
    });
  });
}
