import type { Data } from '../../data/index.js';
import type { PaymentPeriodType } from '../../domain/catalogue.js';
import { AppError } from '../../domain/errors.js';
import { fromMinorUnits } from '../../domain/money.js';
import type { InvoiceStatus } from '../../data/tables/onboarding.js';
import { isUuid } from '../security/secrets.js';

export interface PublicInvoiceView {
  publicInvoiceId: string;
  status: InvoiceStatus;
  currency: string;
  createdAt: string;
  tenant: { tenancyName: string; name: string; companyName: string | null };
  lines: { description: string; productId: number; paymentPeriodType: PaymentPeriodType; quantity: number; unitAmount: number; amount: number }[];
  subtotal: number;
  couponCode: string | null;
  discount: number;
  total: number;
  /** The hosted checkout page, while the invoice is open and one was created. */
  payUrl: string | null;
}

/**
 * Invoices as their public page shows them. The public id is an unguessable UUID handed to the customer
 * (the `paymentLink`); whoever holds it may see the invoice, nobody can list invoices.
 */
export class PublicInvoices {
  constructor(private readonly data: Data) {}

  async find(publicInvoiceId: string): Promise<PublicInvoiceView> {
    const notFound = () => AppError.notFound('The invoice');
    if (!isUuid(publicInvoiceId)) throw notFound();
    const found = await this.data.invoices.findByPublicId(publicInvoiceId.toLowerCase());
    if (!found) throw notFound();
    const tenant = await this.data.tenants.findLive(found.invoice.tenant_id);
    if (!tenant) throw notFound();
    const { invoice, lines } = found;
    const money = (minor: number) => fromMinorUnits(minor, invoice.currency);
    return {
      publicInvoiceId: invoice.public_id,
      status: invoice.status,
      currency: invoice.currency,
      createdAt: invoice.created_at.toISOString(),
      tenant: { tenancyName: tenant.tenancy_name, name: tenant.name, companyName: tenant.company_name },
      lines: lines.map((l) => ({
        description: l.description,
        productId: l.product_id,
        paymentPeriodType: l.payment_period_type,
        quantity: l.quantity,
        unitAmount: money(l.unit_amount_minor),
        amount: money(l.amount_minor),
      })),
      subtotal: money(invoice.subtotal_minor),
      couponCode: invoice.coupon_code,
      discount: money(invoice.discount_minor),
      total: money(invoice.total_minor),
      payUrl: invoice.status === 'open' ? invoice.stripe_checkout_url : null,
    };
  }
}
