import { randomUUID } from 'node:crypto';
import type { Queries } from '../../data/index.js';
import type { InvoiceRow, NewInvoiceLine } from '../../data/invoices.js';
import type { LeadRow } from '../../data/leads.js';
import { couponDiscount } from '../../domain/catalogue.js';
import { AppError } from '../../domain/errors.js';
import { couponReduction } from '../catalogue/coupons.js';
import { emitEvent } from '../events/emit.js';
import { subscriptionEventData } from '../events/payloads.js';

export interface FirstInvoice {
  invoice: InvoiceRow;
  lines: NewInvoiceLine[];
}

/** A registration that cannot go on because the catalogue changed since the lead was submitted. */
function noLongerAvailable(message: string): AppError {
  return AppError.conflict(`${message} Submit a new tenancy request.`, [{ field: 'requestXref', message }]);
}

/**
 * Subscribes the new tenant to the lead's products (at today's catalogue prices in the lead's currency),
 * redeems the lead's coupon and writes the first invoice: one line per product, the coupon's discount,
 * the total. Runs inside the registration's transaction, so any refusal here undoes the whole registration.
 */
export async function subscribeAndInvoice(tx: Queries, tenantId: number, lead: LeadRow): Promise<FirstInvoice> {
  const requested = await tx.leads.listProducts(lead.tenant_id, lead.id);
  const catalogue = new Map((await tx.products.findForUse(requested.map((r) => r.product_id))).map((p) => [p.id, p]));
  const priced = requested.map((line) => {
    const product = catalogue.get(line.product_id);
    if (!product || product.is_retired) throw noLongerAvailable(`Product ${line.product_id} is no longer offered.`);
    const price = product.prices.find((p) => p.payment_period_type === line.payment_period_type && p.currency === lead.currency);
    if (!price) throw noLongerAvailable(`The product "${product.name}" no longer has a ${line.payment_period_type} price in ${lead.currency}.`);
    return { line, product, price };
  });

  const subtotal = priced.reduce((sum, { line, price }) => sum + price.amount_minor * line.quantity, 0);
  let discount = 0;
  if (lead.coupon_id !== null) {
    const coupon = await tx.coupons.redeem(lead.coupon_id);
    if (!coupon) throw noLongerAvailable(`The coupon "${lead.coupon_code}" can no longer be used.`);
    const reduction = couponReduction(coupon);
    if ('currency' in reduction && reduction.currency !== lead.currency) throw noLongerAvailable(`The coupon "${coupon.code}" is not in ${lead.currency}.`);
    discount = couponDiscount(reduction, subtotal);
  }
  const total = subtotal - discount;
  // Nothing to pay (free products, a 100% coupon): the subscriptions start at once and the invoice is settled.
  const settled = total === 0;

  const lines: NewInvoiceLine[] = [];
  for (const { line, product, price } of priced) {
    const subscription = await tx.subscriptions.insert(tenantId, {
      product_id: product.id,
      payment_period_type: line.payment_period_type,
      quantity: line.quantity,
      status: settled ? 'active' : 'pending',
      amount_minor: price.amount_minor,
      currency: price.currency,
      lead_id: lead.id,
    });
    if (settled) await emitEvent(tx, { tenantId, type: 'Subscription.CreatedOrUpdated', data: subscriptionEventData(subscription) });
    lines.push({
      product_id: product.id,
      subscription_id: subscription.id,
      description: `${product.name} (${line.payment_period_type})`,
      payment_period_type: line.payment_period_type,
      quantity: line.quantity,
      unit_amount_minor: price.amount_minor,
      amount_minor: price.amount_minor * line.quantity,
    });
  }
  const invoice = await tx.invoices.insert(
    tenantId,
    {
      public_id: randomUUID(),
      status: settled ? 'paid' : 'open',
      currency: lead.currency,
      subtotal_minor: subtotal,
      discount_minor: discount,
      total_minor: total,
      coupon_id: lead.coupon_id,
      coupon_code: lead.coupon_code,
      lead_id: lead.id,
    },
    lines,
  );
  return { invoice, lines };
}
