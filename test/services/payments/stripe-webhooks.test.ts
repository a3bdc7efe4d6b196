import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import Stripe from 'stripe';
import { EVENT_TOPIC, type EventEnvelope } from '../../../src/domain/events.js';
import { StripeWebhooks } from '../../../src/services/payments/stripe-webhooks.js';
import { testEngines } from '../../helpers/engines.js';
import { RPC, createProduct, hostToken, hostUserWith, submitLead, validCompleteBody } from '../../helpers/onboarding.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const SECRET = 'whsec_test_tenantry_0123456789';

for (const engine of testEngines()) {
  describe(`Stripe's webhooks on ${engine.name}`, () => {
    let t: TestApp;
    let form: string;
    let registrar: string;
    let product: { id: number };
    before(async () => {
      t = await startTestApp(engine, { STRIPE_WEBHOOK_SECRET: SECRET });
      const host = await hostToken(t);
      form = (await hostUserWith(t, ['Leads.Submit'])).token;
      registrar = (await hostUserWith(t, ['Registration.Complete'])).token;
      product = await createProduct(t, host, [{ paymentPeriodType: 'Monthly', amount: 49, currency: 'USD' }]);
    });
    after(() => t.close());

    /** A registration with something to pay: its invoice is open and its subscription pending. */
    const register = async () => {
      const lead = await submitLead(t, form, product.id);
      const answer = await t.http.post(RPC.complete, validCompleteBody(lead.leadRequestXref), { token: registrar });
      assert.equal(answer.status, 200, answer.text);
      return answer.body as { tenantId: number; publicInvoiceId: string };
    };
    /** A Stripe event as Stripe sends it: the JSON body and its signature header made by the SDK's own helper. */
    const stripeEvent = (type: string, object: Record<string, unknown>, secret = SECRET) => {
      const payload = JSON.stringify({ id: `evt_${randomUUID()}`, object: 'event', type, created: Math.floor(Date.now() / 1000), data: { object } });
      return { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret }) };
    };
    const send = (event: { payload: string; signature: string }, path = '/api/stripe/webhook') =>
      t.http.request('POST', path, undefined, { raw: event.payload, headers: { 'content-type': 'application/json', 'stripe-signature': event.signature } });
    const paidSession = (publicInvoiceId: string) =>
      stripeEvent('checkout.session.completed', { id: `cs_test_${randomUUID()}`, object: 'checkout.session', payment_status: 'paid', client_reference_id: publicInvoiceId, metadata: { publicInvoiceId } });
    const state = async (registered: { tenantId: number; publicInvoiceId: string }) => {
      const invoice = await t.data.invoices.findByPublicId(registered.publicInvoiceId);
      const subscriptions = await t.data.subscriptions.listForTenant(registered.tenantId);
      const events = (await t.data.outbox.listForTenant(registered.tenantId, EVENT_TOPIC)).map((m) => (m.payload as EventEnvelope).type);
      return { invoice: invoice!.invoice.status, subscriptions: subscriptions.map((s) => s.status), payments: events.filter((e) => e === 'Payment.Created').length, events };
    };

    it('marks the invoice paid when Checkout completes, activates the subscription and emits Payment.Created once', async () => {
      const registered = await register();
      assert.deepEqual(await state(registered).then((s) => [s.invoice, s.subscriptions, s.payments]), ['open', ['pending'], 0]);
      const event = paidSession(registered.publicInvoiceId);
      const answer = await send(event);
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.body, { received: true, applied: true });
      const after = await state(registered);
      assert.deepEqual([after.invoice, after.subscriptions, after.payments], ['paid', ['active'], 1]);
      assert.ok(after.events.includes('Subscription.CreatedOrUpdated'));
      const page = await t.http.get(`/invoices/${registered.publicInvoiceId}`, { headers: { accept: 'application/json' } });
      assert.equal(page.body.status, 'paid');

      // Stripe redelivers: applied once.
      const again = await send(event);
      assert.deepEqual(again.body, { received: true, applied: false });
      assert.equal((await state(registered)).payments, 1);
    });

    it('answers 400 to a bad signature and changes nothing', async () => {
      const registered = await register();
      const forged = stripeEvent('checkout.session.completed', { id: 'cs_forged', object: 'checkout.session', payment_status: 'paid', metadata: { publicInvoiceId: registered.publicInvoiceId } }, 'whsec_someone_else');
      const answer = await send(forged);
      assert.equal(answer.status, 400, answer.text);
      assert.match(answer.body.error.message, /Stripe-Signature/);
      assert.equal((await send({ ...forged, signature: '' })).status, 400);
      assert.deepEqual(await state(registered).then((s) => [s.invoice, s.subscriptions, s.payments]), ['open', ['pending'], 0]);
    });

    it("leaves another tenant's invoice alone on a tenant's connected-account path", async () => {
      const mine = await register();
      const theirs = await register();
      const answer = await send(paidSession(theirs.publicInvoiceId), `/api/stripe/processWebhook?tenantId=${mine.tenantId}`);
      assert.deepEqual(answer.body, { received: true, applied: false });
      assert.equal((await state(theirs)).invoice, 'open');
      const own = await send(paidSession(mine.publicInvoiceId), `/api/stripe/processWebhook?tenantId=${mine.tenantId}`);
      assert.deepEqual(own.body, { received: true, applied: true });
      assert.equal((await state(mine)).invoice, 'paid');
    });

    it('waits for a delayed payment, records a failed one, and cancels the subscriptions when Stripe deletes the subscription', async () => {
      const registered = await register();
      const unpaid = stripeEvent('checkout.session.completed', { id: 'cs_delayed', object: 'checkout.session', payment_status: 'unpaid', metadata: { publicInvoiceId: registered.publicInvoiceId } });
      assert.deepEqual((await send(unpaid)).body, { received: true, applied: true });
      const failed = stripeEvent('invoice.payment_failed', { id: 'in_failed', object: 'invoice', metadata: { publicInvoiceId: registered.publicInvoiceId } });
      assert.deepEqual((await send(failed)).body, { received: true, applied: true });
      assert.deepEqual(await state(registered).then((s) => [s.invoice, s.subscriptions]), ['open', ['pending']]);
      const audit = await t.database.db.selectFrom('audit_log').select('action').where('tenant_id', '=', registered.tenantId).where('action', '=', 'invoice.payment_failed').execute();
      assert.equal(audit.length, 1);

      const deleted = stripeEvent('customer.subscription.deleted', { id: 'sub_1', object: 'subscription', metadata: { publicInvoiceId: registered.publicInvoiceId } });
      assert.deepEqual((await send(deleted)).body, { received: true, applied: true });
      assert.deepEqual((await state(registered)).subscriptions, ['cancelled']);
    });

    it('acknowledges events that are not for one of our invoices', async () => {
      const answer = await send(stripeEvent('charge.succeeded', { id: 'ch_1', object: 'charge', metadata: {} }));
      assert.deepEqual(answer.body, { received: true, applied: false });
    });

    it('refuses every webhook while no signing secret is configured', async () => {
      const unconfigured = new StripeWebhooks(t.data, undefined);
      const event = stripeEvent('charge.succeeded', { id: 'ch_2', object: 'charge' });
      await assert.rejects(unconfigured.receive(Buffer.from(event.payload), event.signature, undefined), { code: 'feature_disabled' });
    });
  });
}
