import { Type, type Static } from 'typebox';
import type { Data } from '../../data/index.js';
import { demand, isHost, type Caller } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import { fromMinorUnits } from '../../domain/money.js';
import { transactionFor } from '../tenant-transaction.js';
import { Id, pagingArguments } from '../contract-fields.js';

/** An invoice as a tenant's list shows it; its page for the customer is `/invoices/{publicInvoiceId}`. */
export const TenantInvoiceSchema = Type.Object({
  id: Type.Integer(),
  publicInvoiceId: Type.String({ format: 'uuid' }),
  status: Type.Union([Type.Literal('open'), Type.Literal('paid'), Type.Literal('void')]),
  currency: Type.String(),
  description: Type.String({ description: 'The lines’ descriptions, in order.' }),
  subtotal: Type.Number(),
  couponCode: Type.Union([Type.String(), Type.Null()]),
  discount: Type.Number(),
  total: Type.Number(),
  creationTime: Type.String({ format: 'date-time' }),
});
export type TenantInvoice = Static<typeof TenantInvoiceSchema>;

export const InvoiceListQuerySchema = Type.Object({
  tenantId: Type.Optional(Id({ description: 'Host callers: whose invoices.' })),
  ...pagingArguments,
});
export type InvoiceListQuery = Static<typeof InvoiceListQuerySchema>;

/**
 * A tenant's invoices (`Payments.Manage`): a tenant admin reads its own tenant's, a host operator names the tenant.
 * Reading runs confined to the tenant's rows for a tenant caller.
 */
export class TenantInvoices {
  constructor(private readonly data: Data) {}

  async list(caller: Caller, query: InvoiceListQuery): Promise<{ totalCount: number; items: TenantInvoice[] }> {
    demand(caller, 'Payments.Manage');
    const tenantId = await this.tenantOf(caller, query.tenantId);
    const page = await transactionFor(this.data, caller, (tx) => tx.invoices.listForTenant(tenantId, { skip: query.skipCount, take: query.maxResultCount }));
    return {
      totalCount: page.total,
      items: page.rows.map((row) => {
        const money = (minor: number) => fromMinorUnits(minor, row.currency);
        return {
          id: Number(row.id),
          publicInvoiceId: row.public_id,
          status: row.status,
          currency: row.currency,
          description: row.descriptions.join(', '),
          subtotal: money(row.subtotal_minor),
          couponCode: row.coupon_code,
          discount: money(row.discount_minor),
          total: money(row.total_minor),
          creationTime: row.created_at.toISOString(),
        };
      }),
    };
  }

  private async tenantOf(caller: Caller, asked: number | null | undefined): Promise<number> {
    if (!isHost(caller)) {
      // Another tenant's id is answered as if it did not exist.
      if (asked !== undefined && asked !== null && asked !== caller.tenantId) throw AppError.notFound(`Tenant ${asked}`);
      return caller.tenantId;
    }
    if (asked === undefined || asked === null) throw AppError.field('tenantId', 'Name the tenant whose invoices to list: the host has none of its own.');
    // A deleted tenant's invoices stay readable while it can still be restored.
    if (!(await this.data.tenants.findAny(asked))) throw AppError.notFound(`Tenant ${asked}`);
    return asked;
  }
}
