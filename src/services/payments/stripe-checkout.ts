import { createRequire } from 'node:module';
import type Stripe from 'stripe';
import type { ServiceLog } from '../log.js';
import type { CheckoutRequest, CheckoutSession, PaymentCheckout } from './checkout.js';

/**
 * Stripe Checkout through the official client: one Checkout Session (mode `payment`) per request.
 *
 * - Lines go as ad-hoc prices (`price_data`) in the invoice currency, amounts in minor units as given.
 * - Checkout has no negative line, so a discount becomes a one-off coupon (`amount_off` in the invoice
 *   currency, `duration: once`, one redemption) applied through `discounts`: the customer sees the lines,
 *   the discount and the same total as the invoice. When the session cannot be created after the coupon
 *   was, that coupon is left unused; it can only ever be redeemed once.
 * - An invoice whose total is zero or less needs no payment: no session, null.
 * - With a connected account, both calls carry its `Stripe-Account` header, so the money goes to it.
 * - A failure at Stripe (refused, unreachable) is logged and answers null: the caller goes on without a
 *   pay URL (the invoice stays payable later), rather than failing the work it was part of.
 */
export class StripeCheckout implements PaymentCheckout {
  constructor(
    private readonly stripe: Stripe,
    private readonly log: ServiceLog,
  ) {}

  async createSession(request: CheckoutRequest): Promise<CheckoutSession | null> {
    const subtotal = request.lines.reduce((sum, line) => sum + line.unitAmountMinor * line.quantity, 0);
    if (subtotal - request.discountMinor <= 0) return null;
    const currency = request.currency.toLowerCase();
    const metadata = { publicInvoiceId: request.publicInvoiceId, tenantId: String(request.tenantId) };
    const options: Stripe.RequestOptions = request.connectedAccountId ? { stripeAccount: request.connectedAccountId } : {};
    try {
      const discounts: Stripe.Checkout.SessionCreateParams.Discount[] = [];
      if (request.discountMinor > 0) {
        const coupon = await this.stripe.coupons.create(
          { amount_off: request.discountMinor, currency, duration: 'once', max_redemptions: 1, name: 'Discount', metadata },
          options,
        );
        discounts.push({ coupon: coupon.id });
      }
      const session = await this.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: request.lines.map((line) => ({
            quantity: line.quantity,
            price_data: { currency, unit_amount: line.unitAmountMinor, product_data: { name: line.description } },
          })),
          ...(discounts.length > 0 ? { discounts } : {}),
          ...(request.customerEmail ? { customer_email: request.customerEmail } : {}),
          client_reference_id: request.publicInvoiceId,
          success_url: request.successUrl,
          cancel_url: request.cancelUrl,
          metadata,
          payment_intent_data: { metadata },
        },
        options,
      );
      if (!session.url) throw new Error(`Stripe answered session ${session.id} without a URL.`);
      return { id: session.id, url: session.url };
    } catch (error) {
      const e = error as Partial<Stripe.errors.StripeError>;
      this.log.warn(
        { publicInvoiceId: request.publicInvoiceId, tenantId: request.tenantId, stripeError: e.type, stripeCode: e.code, stripeRequestId: e.requestId, statusCode: e.statusCode, message: e.message },
        'Stripe Checkout session could not be created; the invoice has no pay URL for now',
      );
      return null;
    }
  }
}

/**
 * The Stripe client for a secret key. `apiBase` (STRIPE_API_BASE) points it at another scheme, host and port
 * (a stand-in server in tests, a proxy); its path is not used, the client's own paths (`/v1/...`) apply.
 */
export function stripeClient(secretKey: string, apiBase?: string): Stripe {
  const base = apiBase ? new URL(apiBase) : undefined;
  const protocol = base?.protocol === 'http:' ? 'http' : 'https';
  const StripeClient = loadStripe();
  return new StripeClient(secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    ...(base
      ? { host: base.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(base.port || (protocol === 'http' ? 80 : 443)), protocol }
      : {}),
  });
}

/**
 * The Stripe SDK, loaded when it is first needed: it is the heaviest module of the service (about a tenth of a
 * second to load), and most installations, like most test processes, never configure Stripe.
 */
export function loadStripe(): typeof Stripe {
  return createRequire(import.meta.url)('stripe') as typeof Stripe;
}
