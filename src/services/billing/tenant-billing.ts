import { Type, type Static } from 'typebox';
import type { Data, Queries } from '../../data/index.js';
import { demand, isHost, type Caller } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import { fromMinorUnits } from '../../domain/money.js';
import { transactionFor } from '../tenant-transaction.js';

const PaymentPeriod = Type.Union([Type.Literal('Monthly'), Type.Literal('Annual')]);

/** One subscribed product of a tenant (`Platform/TenantSubscription/GetSubscriptions`). */
export const SubscriptionDtoSchema = Type.Object({
  id: Type.Integer(),
  productId: Type.Integer(),
  productName: Type.String(),
  paymentPeriodType: PaymentPeriod,
  quantity: Type.Integer(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('active'), Type.Literal('cancelled')], {
    description: '`pending` until its first invoice is paid, then `active`.',
  }),
  amount: Type.Number({ description: 'Price per period for the whole quantity, in the currency.' }),
  currency: Type.String(),
  startDate: Type.String({ format: 'date-time' }),
});
export type SubscriptionDto = Static<typeof SubscriptionDtoSchema>;

/** One invoice of a tenant (`Platform/Invoice/GetInvoices`); its page is `/invoices/{publicInvoiceId}`. */
export const InvoiceDtoSchema = Type.Object({
  id: Type.Integer(),
  publicInvoiceId: Type.String({ format: 'uuid', description: 'The invoice’s public page is `/invoices/{publicInvoiceId}`.' }),
  status: Type.Union([Type.Literal('open'), Type.Literal('paid'), Type.Literal('void')]),
  currency: Type.String(),
  subtotal: Type.Number(),
  discount: Type.Number(),
  total: Type.Number(),
  couponCode: Type.Union([Type.String(), Type.Null()]),
  lineCount: Type.Integer(),
  creationTime: Type.String({ format: 'date-time' }),
});
export type InvoiceDto = Static<typeof InvoiceDtoSchema>;

/**
 * A tenant's subscriptions and invoices, read by the host for any tenant (`Tenants.Manage`) or by a tenant's
 * payment manager for its own (`Payments.Manage`). A tenant naming another tenant is refused; a tenant caller's
 * reading runs confined to its own rows by row-level security as well.
 */
export class TenantBilling {
  constructor(private readonly data: Data) {}

  async subscriptions(caller: Caller, tenantId: number | undefined): Promise<SubscriptionDto[]> {
    return this.read(caller, tenantId, async (tx, tenant) => {
      const rows = await tx.subscriptions.listForTenant(tenant);
      const names = await tx.products.namesOf([...new Set(rows.map((r) => r.product_id))]);
      return rows.map((row) => ({
        id: row.id,
        productId: row.product_id,
        productName: names.get(row.product_id) ?? `Product ${row.product_id}`,
        paymentPeriodType: row.payment_period_type,
        quantity: row.quantity,
        status: row.status,
        amount: fromMinorUnits(row.amount_minor, row.currency),
        currency: row.currency,
        startDate: row.start_date.toISOString(),
      }));
    });
  }

  async invoices(caller: Caller, query: { tenantId?: number | undefined; skipCount: number; maxResultCount: number }): Promise<{ totalCount: number; items: InvoiceDto[] }> {
    return this.read(caller, query.tenantId, async (tx, tenant) => {
      const page = await tx.invoices.listForTenant(tenant, { skip: query.skipCount, take: query.maxResultCount });
      return {
        totalCount: page.total,
        items: page.rows.map((row) => {
          const money = (minor: number) => fromMinorUnits(minor, row.currency);
          return {
            id: row.id,
            publicInvoiceId: row.public_id,
            status: row.status,
            currency: row.currency,
            subtotal: money(row.subtotal_minor),
            discount: money(row.discount_minor),
            total: money(row.total_minor),
            couponCode: row.coupon_code,
            lineCount: row.line_count,
            creationTime: row.created_at.toISOString(),
          };
        }),
      };
    });
  }

  /** Whose billing the caller reads: the named tenant for the host (which must name one), its own for a tenant. */
  private async read<T>(caller: Caller, asked: number | undefined, work: (tx: Queries, tenantId: number) => Promise<T>): Promise<T> {
    if (isHost(caller)) {
      demand(caller, 'Tenants.Manage');
      if (asked === undefined || asked === 0) throw AppError.field('tenantId', 'Name the tenant whose billing to read.');
    } else {
      demand(caller, 'Payments.Manage');
      if (asked !== undefined && asked !== caller.tenantId) throw AppError.forbidden('A tenant reads only its own billing.');
    }
    const tenantId = isHost(caller) ? asked! : caller.tenantId;
    return transactionFor(this.data, caller, async (tx) => {
      // A deleted tenant's billing stays readable until it is purged; a purged or unknown one is not found.
      if (!(await tx.tenants.findAny(tenantId))) throw AppError.notFound(`Tenant ${tenantId}`);
      return work(tx, tenantId);
    });
  }
}
