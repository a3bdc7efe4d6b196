import type { Executor } from './executor.js';

/** Stripe events already applied, so a redelivered or replayed event is applied once. */
export function stripeEventQueries(db: Executor) {
  return {
    /** Records the event; answers false when it was recorded before (in the caller's transaction). */
    async record(tenantId: number, eventId: string, type: string): Promise<boolean> {
      const inserted = await db
        .insertInto('stripe_events')
        .values({ tenant_id: tenantId, event_id: eventId, type })
        .onConflict((oc) => oc.columns(['tenant_id', 'event_id']).doNothing())
        .returning('event_id')
        .executeTakeFirst();
      return inserted !== undefined;
    },
  };
}
