import type { Selectable } from 'kysely';
import { HOST_TENANT_ID } from '../domain/caller.js';
import type { Executor } from './executor.js';
import type { EventSubscriptionTable } from './tables/events.js';

export type EventSubscriptionRow = Selectable<EventSubscriptionTable>;

/** Webhook subscriptions; the owning tenant (the host: 0) comes first in every query. */
export function eventSubscriptionQueries(db: Executor) {
  return {
    async insert(subscription: { tenantId: number; eventName: string; targetUrl: string; secretCiphertext: Buffer; createdByUserId: number }): Promise<EventSubscriptionRow> {
      return db
        .insertInto('event_subscriptions')
        .values({
          tenant_id: subscription.tenantId,
          event_name: subscription.eventName,
          target_url: subscription.targetUrl,
          secret_ciphertext: subscription.secretCiphertext,
          created_by_user_id: subscription.createdByUserId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    async find(tenantId: number, id: number): Promise<EventSubscriptionRow | undefined> {
      return db.selectFrom('event_subscriptions').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    },

    async list(tenantId: number): Promise<EventSubscriptionRow[]> {
      return db.selectFrom('event_subscriptions').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
    },

    async delete(tenantId: number, id: number): Promise<boolean> {
      const result = await db.deleteFrom('event_subscriptions').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async replaceSecret(tenantId: number, id: number, secretCiphertext: Buffer): Promise<void> {
      await db
        .updateTable('event_subscriptions')
        .set({ secret_ciphertext: secretCiphertext, secret_rotated_at: new Date() })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .execute();
    },

    /** The subscriptions that hear an event about `tenantId`: that tenant's own, and the host's (which hear every tenant). */
    async listenersOf(tenantId: number, eventName: string): Promise<Pick<EventSubscriptionRow, 'tenant_id' | 'id'>[]> {
      return db
        .selectFrom('event_subscriptions')
        .select(['tenant_id', 'id'])
        .where('event_name', '=', eventName)
        .where('tenant_id', 'in', [...new Set([tenantId, HOST_TENANT_ID])])
        .orderBy('tenant_id')
        .orderBy('id')
        .execute();
    },
  };
}

export type EventSubscriptionQueries = ReturnType<typeof eventSubscriptionQueries>;
