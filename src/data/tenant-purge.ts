import { sql } from 'kysely';
import { HOST_TENANT_ID } from '../domain/caller.js';
import type { Executor } from './executor.js';
import type { TenantRow } from './tenants.js';

/**
 * Erasure of soft-deleted tenants. Deleting the registry row removes every tenant-owned row through the
 * `on delete cascade` keys; the outbox (no foreign key, so deliveries never block a change) and the
 * record of applied Stripe events are cleared by hand.
 * The id is never reused: it comes from an identity sequence.
 */
export function tenantPurgeQueries(db: Executor) {
  const dueBefore = (retentionDays: number) => sql<Date>`clock_timestamp() - make_interval(days => ${retentionDays})`;

  return {
    /**
     * Locks a deleted tenant for purging until the transaction ends. Answers undefined when there is no
     * such deleted tenant — or when another instance is purging it right now (it is skipped, not awaited).
     */
    async claimDeleted(id: number): Promise<TenantRow | undefined> {
      return db
        .selectFrom('tenants')
        .selectAll()
        .where('id', '=', id)
        .where('id', '<>', HOST_TENANT_ID)
        .where('deleted_at', 'is not', null)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
    },

    /** Erases a tenant claimed with `claimDeleted` and everything it owns. */
    async erase(id: number): Promise<void> {
      await db.deleteFrom('outbox').where('tenant_id', '=', id).execute();
      await db.deleteFrom('stripe_events').where('tenant_id', '=', id).execute();
      // Cascades from its invoices today; explicit, because the Citus plan makes it a reference table without
      // that foreign key (scripts/citus-distribute.sql).
      await db.deleteFrom('invoice_public_ids').where('tenant_id', '=', id).execute();
      await db.deleteFrom('tenants').where('id', '=', id).where('deleted_at', 'is not', null).execute();
    },

    /** Ids of tenants deleted at least `retentionDays` ago, oldest first. */
    async listDue(retentionDays: number, limit: number): Promise<number[]> {
      const rows = await db
        .selectFrom('tenants')
        .select('id')
        .where('id', '<>', HOST_TENANT_ID)
        .where('deleted_at', '<=', dueBefore(retentionDays))
        .orderBy('deleted_at')
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    },
  };
}

export type TenantPurgeQueries = ReturnType<typeof tenantPurgeQueries>;
