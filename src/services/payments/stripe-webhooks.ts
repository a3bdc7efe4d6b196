import type Stripe from 'stripe';
import type { Data, Queries } from '../../data/index.js';
import type { InvoiceRow } from '../../data/invoices.js';
import { AppError } from '../../domain/errors.js';
import { fromMinorUnits } from '../../domain/money.js';
import { recordAudit } from '../audit/record-audit.js';
import { emitEvent } from '../events/emit.js';
import { subscriptionEventData } from '../events/payloads.js';
import { loadStripe } from './stripe-checkout.js';

/** The fields of a Stripe object this service reads (a Checkout Session, an invoice, a subscription). */
interface StripeObject {
  id: string;
  metadata?: Record<string, string> | null;
  client_reference_id?: string | null;
  payment_status?: string;
}

export interface StripeWebhookResult {
  /** False when the event was not for one of our invoices, or was applied before. */
  applied: boolean;
}

/**
 * Stripe's webhooks closing the payment loop. Each event is verified with the official SDK against
 * `STRIPE_WEBHOOK_SECRET`, tied to our invoice through the metadata our Checkout Sessions carry
 * (`publicInvoiceId`), recorded by its id in the transaction that applies it (a redelivery changes nothing), and:
 * - `checkout.session.completed` (paid), `checkout.session.async_payment_succeeded`, `invoice.paid`: the invoice
 *   is paid, its pending subscriptions become active; `Payment.Created` and `Subscription.CreatedOrUpdated` follow;
 * - `customer.subscription.deleted`: the invoice's subscriptions are cancelled (`Subscription.CreatedOrUpdated`);
 * - `invoice.payment_failed`, `checkout.session.async_payment_failed`: recorded and audited; the invoice stays due.
 * Events of other kinds, or for invoices that are not ours, are acknowledged and change nothing.
 */
export class StripeWebhooks {
  constructor(
    private readonly data: Data,
    private readonly signingSecret: string | undefined,
  ) {}

  /** `accountTenantId`: the tenant whose connected account sends the event; undefined for the platform's own. */
  async receive(rawBody: Buffer, signature: string | undefined, accountTenantId: number | undefined): Promise<StripeWebhookResult> {
    if (!this.signingSecret) {
      throw new AppError('feature_disabled', 'Stripe webhooks are not configured on this platform (STRIPE_WEBHOOK_SECRET is not set).');
    }
    let event: Stripe.Event;
    try {
      event = loadStripe().webhooks.constructEvent(rawBody, signature ?? '', this.signingSecret);
    } catch {
      throw AppError.field('Stripe-Signature', 'The Stripe-Signature header is missing or does not match the payload.');
    }
    const object = event.data.object as unknown as StripeObject;
    const publicInvoiceId = object.metadata?.publicInvoiceId ?? object.client_reference_id ?? undefined;
    const found = publicInvoiceId ? await this.data.invoices.findByPublicId(publicInvoiceId) : undefined;
    // Another integration's event on the same Stripe account, or another tenant's invoice: not ours to apply.
    if (!found || (accountTenantId !== undefined && found.invoice.tenant_id !== accountTenantId)) return { applied: false };
    const invoice = found.invoice;
    return this.data.transaction(async (tx) => {
      if (!(await tx.stripeEvents.record(invoice.tenant_id, event.id, event.type))) return { applied: false };
      switch (event.type) {
        case 'checkout.session.completed':
          // Delayed payment methods complete the session unpaid; their outcome arrives as async_payment_*.
          if (object.payment_status === 'paid' || object.payment_status === 'no_payment_required') await paid(tx, invoice, event);
          break;
        case 'checkout.session.async_payment_succeeded':
        case 'invoice.paid':
          await paid(tx, invoice, event);
          break;
        case 'customer.subscription.deleted':
          await cancelled(tx, invoice, event);
          break;
        case 'invoice.payment_failed':
        case 'checkout.session.async_payment_failed':
          await audit(tx, invoice, event, 'invoice.payment_failed');
          break;
      }
      return { applied: true };
    });
  }
}

async function paid(tx: Queries, invoice: InvoiceRow, event: Stripe.Event): Promise<void> {
  const paidInvoice = await tx.invoices.markPaid(invoice.tenant_id, invoice.id);
  if (!paidInvoice) return;
  await emitEvent(tx, {
    tenantId: invoice.tenant_id,
    type: 'Payment.Created',
    data: {
      publicInvoiceId: invoice.public_id,
      tenantId: invoice.tenant_id,
      amount: fromMinorUnits(invoice.total_minor, invoice.currency),
      currency: invoice.currency,
      stripeEventId: event.id,
      paidAt: new Date(event.created * 1000).toISOString(),
    },
  });
  for (const subscription of await tx.subscriptions.moveForInvoice(invoice.tenant_id, invoice.id, ['pending'], 'active')) {
    await emitEvent(tx, { tenantId: invoice.tenant_id, type: 'Subscription.CreatedOrUpdated', data: subscriptionEventData(subscription) });
  }
  await audit(tx, invoice, event, 'invoice.paid');
}

async function cancelled(tx: Queries, invoice: InvoiceRow, event: Stripe.Event): Promise<void> {
  for (const subscription of await tx.subscriptions.moveForInvoice(invoice.tenant_id, invoice.id, ['pending', 'active'], 'cancelled')) {
    await emitEvent(tx, { tenantId: invoice.tenant_id, type: 'Subscription.CreatedOrUpdated', data: subscriptionEventData(subscription) });
  }
  await audit(tx, invoice, event, 'subscription.cancelled');
}

function audit(tx: Queries, invoice: InvoiceRow, event: Stripe.Event, action: string): Promise<void> {
  return recordAudit(tx, 'system', {
    tenantId: invoice.tenant_id,
    action,
    target: `invoice:${invoice.public_id}`,
    details: { stripeEventId: event.id, stripeEventType: event.type },
  });
}
