import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor } from './executor.js';
import type { ContactTable, LeadProductTable, LeadTable } from './tables/onboarding.js';

export type ContactRow = Selectable<ContactTable>;
export type LeadRow = Selectable<LeadTable>;
export type LeadProductRow = Selectable<LeadProductTable>;
export type NewContact = Omit<Insertable<ContactTable>, 'tenant_id' | 'id' | 'created_at'>;
export type NewLead = Omit<Insertable<LeadTable>, 'tenant_id' | 'id' | 'status' | 'converted_tenant_id' | 'converted_at' | 'created_at'>;
export type NewLeadProduct = Pick<LeadProductRow, 'product_id' | 'payment_period_type' | 'quantity'>;

/** Sign-up requests (leads) and their contacts, owned by the CRM tenant that received them (the host). */
export function leadQueries(db: Executor) {
  return {
    async insertContact(tenantId: number, contact: NewContact): Promise<ContactRow> {
      return db
        .insertInto('contacts')
        .values({ ...contact, tenant_id: tenantId })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    /**
     * Inserts the lead unless its request xref is already there (then answers undefined). A concurrent insert
     * of the same xref waits for the other transaction, so exactly one of them creates the lead.
     */
    async insertUnlessKnown(tenantId: number, lead: NewLead, products: NewLeadProduct[]): Promise<LeadRow | undefined> {
      const row = await db
        .insertInto('leads')
        .values({ ...lead, tenant_id: tenantId })
        .onConflict((oc) => oc.columns(['tenant_id', 'request_xref']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) return undefined;
      await db
        .insertInto('lead_products')
        .values(products.map((p, position) => ({ ...p, tenant_id: tenantId, lead_id: row.id, position })))
        .execute();
      return row;
    },

    async findByXref(tenantId: number, requestXref: string): Promise<LeadRow | undefined> {
      return db.selectFrom('leads').selectAll().where('tenant_id', '=', tenantId).where('request_xref', '=', requestXref).executeTakeFirst();
    },

    async findContact(tenantId: number, id: number): Promise<ContactRow | undefined> {
      return db.selectFrom('contacts').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    },

    async listProducts(tenantId: number, leadId: number): Promise<LeadProductRow[]> {
      return db.selectFrom('lead_products').selectAll().where('tenant_id', '=', tenantId).where('lead_id', '=', leadId).orderBy('position').execute();
    },

    /**
     * Claims a submitted lead for conversion: answers it, or undefined when there is no such lead or it was
     * already converted. The row lock makes a concurrent claim wait and then find it converted.
     */
    async claimForConversion(tenantId: number, requestXref: string): Promise<LeadRow | undefined> {
      return db
        .updateTable('leads')
        .set({ status: 'converted', converted_at: sql`now()` })
        .where('tenant_id', '=', tenantId)
        .where('request_xref', '=', requestXref)
        .where('status', '=', 'submitted')
        .returningAll()
        .executeTakeFirst();
    },

    async setConvertedTenant(tenantId: number, leadId: number, convertedTenantId: number, registrationFingerprint: Buffer): Promise<void> {
      await db
        .updateTable('leads')
        .set({ converted_tenant_id: convertedTenantId, registration_fingerprint: registrationFingerprint })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', leadId)
        .execute();
    },
  };
}

export type LeadQueries = ReturnType<typeof leadQueries>;
