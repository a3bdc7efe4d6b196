import type { Insertable, Selectable } from 'kysely';
import type { Executor } from './executor.js';
import type { SubscriptionStatus, SubscriptionTable } from './tables/onboarding.js';

export type SubscriptionRow = Selectable<SubscriptionTable>;
export type NewSubscription = Omit<Insertable<SubscriptionTable>, 'tenant_id' | 'id' | 'start_date' | 'created_at'>;

/** A tenant's subscribed products. */
export function subscriptionQueries(db: Executor) {
  return {
    async insert(tenantId: number, subscription: NewSubscription): Promise<SubscriptionRow> {
      return db
        .insertInto('subscriptions')
        .values({ ...subscription, tenant_id: tenantId })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    /** Moves the subscriptions an invoice bills from one status to another; answers the ones that moved. */
    async moveForInvoice(tenantId: number, invoiceId: number, from: SubscriptionStatus[], to: SubscriptionStatus): Promise<SubscriptionRow[]> {
      return db
        .updateTable('subscriptions')
        .set({ status: to })
        .where('tenant_id', '=', tenantId)
        .where('status', 'in', from)
        .where('id', 'in', (eb) =>
          eb.selectFrom('invoice_lines').select('subscription_id').where('tenant_id', '=', tenantId).where('invoice_id', '=', invoiceId).where('subscription_id', 'is not', null),
        )
        .returningAll()
        .execute();
    },

    async listForTenant(tenantId: number): Promise<SubscriptionRow[]> {
      return db.selectFrom('subscriptions').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
    },
  };
}

export type SubscriptionQueries = ReturnType<typeof subscriptionQueries>;
