import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor } from './executor.js';
import { containsPattern } from './like-patterns.js';
import type { ContactTable, LeadProductTable, LeadTable } from './tables/onboarding.js';

export type ContactRow = Selectable<ContactTable>;
export type LeadRow = Selectable<LeadTable>;
export type LeadProductRow = Selectable<LeadProductTable>;
export type NewContact = Omit<Insertable<ContactTable>, 'tenant_id' | 'id' | 'created_at'>;
export type NewLead = Omit<Insertable<LeadTable>, 'tenant_id' | 'id' | 'status' | 'converted_tenant_id' | 'converted_at' | 'created_at'>;
export type NewLeadProduct = Pick<LeadProductRow, 'product_id' | 'payment_period_type' | 'quantity'>;

/** A lead with its contact, as the pipeline lists it. */
export type PipelineLeadRow = LeadRow & Pick<ContactRow, 'first_name' | 'last_name' | 'email' | 'phone' | 'company_name' | 'city' | 'state'>;

export interface PipelineSearch {
  /** Exact stage; null: leads without one. */
  stage?: string | null | undefined;
  /** Exact tag; null: leads without one. */
  tag?: string | null | undefined;
  converted?: boolean | undefined;
  /** Contains, ignoring case: company, contact name, e-mail. */
  text?: string | undefined;
  /** Only these leads. */
  ids?: readonly number[] | undefined;
  skip: number;
  take: number;
}

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

    /** The lead pipeline, newest first, narrowed by stage, tag, conversion and text. */
    async searchPipeline(tenantId: number, spec: PipelineSearch): Promise<{ total: number; rows: PipelineLeadRow[] }> {
      let base = db
        .selectFrom('leads')
        .innerJoin('contacts', (join) => join.onRef('contacts.tenant_id', '=', 'leads.tenant_id').onRef('contacts.id', '=', 'leads.contact_id'))
        .where('leads.tenant_id', '=', tenantId);
      if (spec.stage !== undefined) base = spec.stage === null ? base.where('leads.stage', 'is', null) : base.where('leads.stage', '=', spec.stage);
      if (spec.tag !== undefined) base = spec.tag === null ? base.where('leads.tag', 'is', null) : base.where('leads.tag', '=', spec.tag);
      if (spec.converted !== undefined) base = base.where('leads.status', '=', spec.converted ? 'converted' : 'submitted');
      if (spec.ids) base = base.where('leads.id', 'in', spec.ids.length > 0 ? [...spec.ids] : [0]);
      const text = spec.text?.trim();
      if (text) {
        const pattern = containsPattern(text);
        base = base.where((eb) =>
          eb.or(
            ['contacts.company_name', 'contacts.first_name', 'contacts.last_name', 'contacts.email'].map((column) =>
              eb(sql`lower(${sql.ref(column)})`, 'like', pattern),
            ),
          ),
        );
      }
      const rows = await base
        .selectAll('leads')
        .select(['contacts.first_name', 'contacts.last_name', 'contacts.email', 'contacts.phone', 'contacts.company_name', 'contacts.city', 'contacts.state'])
        .orderBy('leads.id', 'desc')
        .limit(spec.take)
        .offset(spec.skip)
        .execute();
      const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return { total: Number(count.n), rows };
    },

    /** The stages and tags in use, for the pipeline's filters. */
    async stagesAndTags(tenantId: number): Promise<{ stages: string[]; tags: string[] }> {
      const distinct = async (column: 'stage' | 'tag') =>
        (await db.selectFrom('leads').select(column).distinct().where('tenant_id', '=', tenantId).where(column, 'is not', null).orderBy(column).execute())
          .map((row) => row[column] as string);
      return { stages: await distinct('stage'), tags: await distinct('tag') };
    },

    /** Moves a lead in the pipeline (its stage and tag); undefined when there is no such lead. */
    async setStageAndTag(tenantId: number, id: number, changes: { stage?: string | null; tag?: string | null }): Promise<LeadRow | undefined> {
      return db.updateTable('leads').set(changes).where('tenant_id', '=', tenantId).where('id', '=', id).returningAll().executeTakeFirst();
    },

    async find(tenantId: number, id: number): Promise<LeadRow | undefined> {
      return db.selectFrom('leads').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
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
