import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor } from './executor.js';
import type { InvoiceLineTable, InvoiceTable } from './tables/onboarding.js';

export type InvoiceRow = Selectable<InvoiceTable>;
export type InvoiceLineRow = Selectable<InvoiceLineTable>;
export type NewInvoice = Omit<Insertable<InvoiceTable>, 'tenant_id' | 'id' | 'stripe_session_id' | 'stripe_checkout_url' | 'created_at' | 'modified_at'>;
export type NewInvoiceLine = Omit<Insertable<InvoiceLineTable>, 'tenant_id' | 'invoice_id' | 'position'>;

/** A tenant's invoices, their lines, and the global look-up of public invoice ids. */
export function invoiceQueries(db: Executor) {
  return {
    /** Inserts the invoice, its lines (in order) and its public id. */
    async insert(tenantId: number, invoice: NewInvoice, lines: NewInvoiceLine[]): Promise<InvoiceRow> {
      const row = await db
        .insertInto('invoices')
        .values({ ...invoice, tenant_id: tenantId })
        .returningAll()
        .executeTakeFirstOrThrow();
      await db
        .insertInto('invoice_lines')
        .values(lines.map((line, position) => ({ ...line, tenant_id: tenantId, invoice_id: row.id, position })))
        .execute();
      await db.insertInto('invoice_public_ids').values({ public_id: row.public_id, tenant_id: tenantId, invoice_id: row.id }).execute();
      return row;
    },

    /** Resolves a public invoice id (which carries no tenant) to its invoice and lines. */
    async findByPublicId(publicId: string): Promise<{ invoice: InvoiceRow; lines: InvoiceLineRow[] } | undefined> {
      const entry = await db.selectFrom('invoice_public_ids').selectAll().where('public_id', '=', publicId).executeTakeFirst();
      if (!entry) return undefined;
      const invoice = await db
        .selectFrom('invoices')
        .selectAll()
        .where('tenant_id', '=', entry.tenant_id)
        .where('id', '=', entry.invoice_id)
        .executeTakeFirst();
      if (!invoice) return undefined;
      const lines = await db
        .selectFrom('invoice_lines')
        .selectAll()
        .where('tenant_id', '=', entry.tenant_id)
        .where('invoice_id', '=', entry.invoice_id)
        .orderBy('position')
        .execute();
      return { invoice, lines };
    },

    /** The public id of the invoice a lead's registration wrote. */
    async findPublicIdOfLead(tenantId: number, leadId: number): Promise<string | undefined> {
      const row = await db
        .selectFrom('invoices')
        .select('public_id')
        .where('tenant_id', '=', tenantId)
        .where('lead_id', '=', leadId)
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      return row?.public_id;
    },

    /** One page of a tenant's invoices, newest first, with the descriptions of their lines in order, and the total count. */
    async listForTenant(tenantId: number, page: { skip: number; take: number }): Promise<{ total: number; rows: (InvoiceRow & { descriptions: string[] })[] }> {
      const [count, rows] = await Promise.all([
        db.selectFrom('invoices').select((eb) => eb.fn.countAll<string>().as('count')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow(),
        db.selectFrom('invoices').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').orderBy('id', 'desc').offset(page.skip).limit(page.take).execute(),
      ]);
      const lines =
        rows.length === 0
          ? []
          : await db
              .selectFrom('invoice_lines')
              .select(['invoice_id', 'description'])
              .where('tenant_id', '=', tenantId)
              .where('invoice_id', 'in', rows.map((r) => r.id))
              .orderBy('invoice_id')
              .orderBy('position')
              .execute();
      return {
        total: Number(count.count),
        rows: rows.map((row) => ({ ...row, descriptions: lines.filter((l) => Number(l.invoice_id) === Number(row.id)).map((l) => l.description) })),
      };
    },

    /** Marks an open invoice paid; answers it, or undefined when it was not open (already paid, void). */
    async markPaid(tenantId: number, invoiceId: number): Promise<InvoiceRow | undefined> {
      return db
        .updateTable('invoices')
        .set({ status: 'paid', modified_at: sql`now()` })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', invoiceId)
        .where('status', '=', 'open')
        .returningAll()
        .executeTakeFirst();
    },

    async setCheckoutSession(tenantId: number, invoiceId: number, session: { id: string; url: string }): Promise<void> {
      await db
        .updateTable('invoices')
        .set({ stripe_session_id: session.id, stripe_checkout_url: session.url, modified_at: sql`now()` })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', invoiceId)
        .execute();
    },
  };
}

export type InvoiceQueries = ReturnType<typeof invoiceQueries>;
