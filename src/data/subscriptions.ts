import type { Insertable, Selectable } from 'kysely';
import type { Executor } from './executor.js';
import type { SubscriptionTable } from './tables/onboarding.js';

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

    async listForTenant(tenantId: number): Promise<SubscriptionRow[]> {
      return db.selectFrom('subscriptions').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
    },
  };
}

export type SubscriptionQueries = ReturnType<typeof subscriptionQueries>;
