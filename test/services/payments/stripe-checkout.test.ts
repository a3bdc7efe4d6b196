import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { CheckoutRequest } from '../../../src/services/payments/checkout.js';
import { stripeClient, StripeCheckout } from '../../../src/services/payments/stripe-checkout.js';
import type { ServiceLog } from '../../../src/services/log.js';
import { testEngines } from '../../helpers/engines.js';
import { startTestApp } from '../../helpers/test-app.js';

interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  form: URLSearchParams;
}

/** A stand-in for api.stripe.com: records each request and answers like Stripe (or with a Stripe error). */
class StripeStandIn {
  readonly requests: RecordedRequest[] = [];
  failWith: { status: number; error: Record<string, unknown> } | undefined;
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        this.requests.push({ method: request.method!, path: request.url!, headers: request.headers, form });
        response.setHeader('content-type', 'application/json');
        response.setHeader('request-id', 'req_standin123');
        if (this.failWith) {
          response.statusCode = this.failWith.status;
          return response.end(JSON.stringify({ error: this.failWith.error }));
        }
        if (request.url === '/v1/coupons') {
          return response.end(
            JSON.stringify({ id: 'Z4OV52SU', object: 'coupon', amount_off: Number(form.get('amount_off')), currency: form.get('currency'), duration: 'once', max_redemptions: 1, valid: true }),
          );
        }
        const id = `cs_test_a1${this.requests.length}b2c3`;
        return response.end(
          JSON.stringify({
            id,
            object: 'checkout.session',
            mode: 'payment',
            status: 'open',
            payment_status: 'unpaid',
            currency: form.get('line_items[0][price_data][currency]'),
            customer_email: form.get('customer_email'),
            client_reference_id: form.get('client_reference_id'),
            success_url: form.get('success_url'),
            cancel_url: form.get('cancel_url'),
            livemode: false,
            expires_at: Math.floor(Date.now() / 1000) + 86_400,
            url: `https://checkout.stripe.com/c/pay/${id}#fidkdWxOYHwnPyd1blpxYHZxWjA0`,
          }),
        );
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function spyLog(): ServiceLog & { warnings: { details: Record<string, unknown>; message: string }[] } {
  const warnings: { details: Record<string, unknown>; message: string }[] = [];
  return { warnings, info() {}, error() {}, warn: (details, message) => void warnings.push({ details, message }) };
}

const invoice: CheckoutRequest = {
  tenantId: 42,
  publicInvoiceId: '5b7c3f4e-2f51-4a3e-9d0b-1f7f2c9e8a11',
  currency: 'JPY',
  lines: [
    { description: 'CRM Pro (Monthly)', unitAmountMinor: 1500, quantity: 1 },
    { description: 'Extra seats (Monthly)', unitAmountMinor: 500, quantity: 2 },
  ],
  discountMinor: 250,
  customerEmail: 'owner@example.com',
  successUrl: 'https://tenantry.example/invoices/5b7c3f4e-2f51-4a3e-9d0b-1f7f2c9e8a11?paid=1',
  cancelUrl: 'https://tenantry.example/invoices/5b7c3f4e-2f51-4a3e-9d0b-1f7f2c9e8a11',
};

describe('Stripe Checkout through the official client', () => {
  const stripe = new StripeStandIn();
  before(() => stripe.start());
  after(() => stripe.stop());
  beforeEach(() => {
    stripe.requests.length = 0;
    stripe.failWith = undefined;
  });

  it('creates a payment session with the lines in the invoice currency, the discount as a one-off coupon and the invoice metadata', async () => {
    const checkout = new StripeCheckout(stripeClient('sk_test_standin', stripe.url), spyLog());
    const session = await checkout.createSession(invoice);
    assert.deepEqual(session, { id: 'cs_test_a12b2c3', url: 'https://checkout.stripe.com/c/pay/cs_test_a12b2c3#fidkdWxOYHwnPyd1blpxYHZxWjA0' });

    assert.deepEqual(stripe.requests.map((r) => `${r.method} ${r.path}`), ['POST /v1/coupons', 'POST /v1/checkout/sessions']);
    const [couponRequest, sessionRequest] = stripe.requests;
    assert.equal(couponRequest!.headers.authorization, 'Bearer sk_test_standin');
    assert.equal(couponRequest!.form.get('amount_off'), '250');
    assert.equal(couponRequest!.form.get('currency'), 'jpy');
    assert.equal(couponRequest!.form.get('duration'), 'once');
    assert.equal(couponRequest!.form.get('max_redemptions'), '1');

    const form = sessionRequest!.form;
    assert.match(sessionRequest!.headers['content-type'] ?? '', /application\/x-www-form-urlencoded/);
    assert.equal(sessionRequest!.headers['stripe-account'], undefined, 'no connected account, no Stripe-Account header');
    assert.equal(form.get('mode'), 'payment');
    assert.equal(form.get('line_items[0][price_data][currency]'), 'jpy');
    assert.equal(form.get('line_items[0][price_data][unit_amount]'), '1500');
    assert.equal(form.get('line_items[0][price_data][product_data][name]'), 'CRM Pro (Monthly)');
    assert.equal(form.get('line_items[0][quantity]'), '1');
    assert.equal(form.get('line_items[1][price_data][unit_amount]'), '500');
    assert.equal(form.get('line_items[1][quantity]'), '2');
    assert.equal(form.get('discounts[0][coupon]'), 'Z4OV52SU');
    assert.equal(form.get('customer_email'), 'owner@example.com');
    assert.equal(form.get('success_url'), invoice.successUrl);
    assert.equal(form.get('cancel_url'), invoice.cancelUrl);
    assert.equal(form.get('client_reference_id'), invoice.publicInvoiceId);
    assert.equal(form.get('metadata[publicInvoiceId]'), invoice.publicInvoiceId);
    assert.equal(form.get('metadata[tenantId]'), '42');
    assert.equal(form.get('payment_intent_data[metadata][publicInvoiceId]'), invoice.publicInvoiceId);
  });

  it('sends both calls on behalf of the connected account when one is given', async () => {
    const checkout = new StripeCheckout(stripeClient('sk_test_standin', stripe.url), spyLog());
    const session = await checkout.createSession({ ...invoice, connectedAccountId: 'acct_1MD475HHdexuAbVt' });
    assert.ok(session);
    assert.deepEqual(stripe.requests.map((r) => r.headers['stripe-account']), ['acct_1MD475HHdexuAbVt', 'acct_1MD475HHdexuAbVt']);
  });

  it('creates no coupon without a discount and omits an unknown customer e-mail', async () => {
    const checkout = new StripeCheckout(stripeClient('sk_test_standin', stripe.url), spyLog());
    await checkout.createSession({ ...invoice, discountMinor: 0, customerEmail: null });
    assert.deepEqual(stripe.requests.map((r) => r.path), ['/v1/checkout/sessions']);
    assert.equal(stripe.requests[0]!.form.get('discounts[0][coupon]'), null);
    assert.equal(stripe.requests[0]!.form.get('customer_email'), null);
  });

  it('asks Stripe nothing for an invoice with nothing to pay', async () => {
    const checkout = new StripeCheckout(stripeClient('sk_test_standin', stripe.url), spyLog());
    assert.equal(await checkout.createSession({ ...invoice, discountMinor: 2500 }), null);
    assert.equal(stripe.requests.length, 0);
  });

  it('answers null and logs why when Stripe refuses the session', async () => {
    stripe.failWith = {
      status: 400,
      error: { type: 'invalid_request_error', code: 'amount_too_small', message: 'The Checkout Session total amount due must add up to at least ¥50.', param: 'line_items' },
    };
    const log = spyLog();
    const checkout = new StripeCheckout(stripeClient('sk_test_standin', stripe.url), log);
    assert.equal(await checkout.createSession({ ...invoice, discountMinor: 0 }), null);
    assert.equal(stripe.requests.length, 1, 'a refusal is not retried');
    assert.equal(log.warnings.length, 1);
    assert.equal(log.warnings[0]!.details.stripeCode, 'amount_too_small');
    assert.equal(log.warnings[0]!.details.stripeRequestId, 'req_standin123');
    assert.equal(log.warnings[0]!.details.publicInvoiceId, invoice.publicInvoiceId);
  });

  it('answers null when Stripe cannot be reached', async () => {
    const log = spyLog();
    const checkout = new StripeCheckout(stripeClient('sk_test_standin', 'http://127.0.0.1:1'), log);
    assert.equal(await checkout.createSession({ ...invoice, discountMinor: 0 }), null);
    assert.equal(log.warnings.length, 1);
  });

  for (const engine of testEngines()) {
    it(`is the service's checkout when STRIPE_SECRET_KEY is set, at STRIPE_API_BASE (${engine.name})`, async () => {
      const t = await startTestApp(engine, { STRIPE_SECRET_KEY: 'sk_test_configured', STRIPE_API_BASE: stripe.url });
      try {
        const session = await t.internals.checkout.createSession({ ...invoice, discountMinor: 0 });
        assert.match(session?.url ?? '', /^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
        assert.equal(stripe.requests[0]!.headers.authorization, 'Bearer sk_test_configured');
      } finally {
        await t.close();
      }
    });
  }
});
