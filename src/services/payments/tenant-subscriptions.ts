import { Type, type Static } from 'typebox';
import type { Data } from '../../data/index.js';
import { demand, isHost, type Caller } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import { fromMinorUnits } from '../../domain/money.js';
import { transactionFor } from '../tenant-transaction.js';

/** One subscribed product of a tenant (`Platform/TenantSubscription/GetSubscriptions`). */
export const TenantSubscriptionSchema = Type.Object({
  id: Type.Integer(),
  productId: Type.Integer(),
  productName: Type.String(),
  paymentPeriodType: Type.Union([Type.Literal('Monthly'), Type.Literal('Annual')]),
  quantity: Type.Integer(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('active'), Type.Literal('cancelled')], {
    description: '`pending` until its first invoice is paid, then `active`.',
  }),
  amount: Type.Number({ description: 'The price per period for the whole quantity, in the currency’s major unit.' }),
  currency: Type.String(),
  startDate: Type.String({ format: 'date-time' }),
});
export type TenantSubscription = Static<typeof TenantSubscriptionSchema>;

/**
 * A tenant's subscriptions (`Payments.Manage`), as `TenantInvoices` its invoices: a tenant admin reads its own
 * tenant's, a host operator names the tenant. Reading runs confined to the tenant's rows for a tenant caller.
 */
export class TenantSubscriptions {
  constructor(private readonly data: Data) {}

  async list(caller: Caller, asked: number | null | undefined): Promise<TenantSubscription[]> {
    demand(caller, 'Payments.Manage');
    const tenantId = await this.tenantOf(caller, asked);
    return transactionFor(this.data, caller, async (tx) => {
      const rows = await tx.subscriptions.listForTenant(tenantId);
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

  private async tenantOf(caller: Caller, asked: number | null | undefined): Promise<number> {
    if (!isHost(caller)) {
      // Another tenant's id is answered as if it did not exist.
      if (asked !== undefined && asked !== null && asked !== caller.tenantId) throw AppError.notFound(`Tenant ${asked}`);
      return caller.tenantId;
    }
    if (asked === undefined || asked === null) throw AppError.field('tenantId', 'Name the tenant whose subscriptions to list: the host has none of its own.');
    // A deleted tenant's subscriptions stay readable while it can still be restored.
    if (!(await this.data.tenants.findAny(asked))) throw AppError.notFound(`Tenant ${asked}`);
    return asked;
  }
}
