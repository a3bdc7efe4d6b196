import { randomUUID } from 'node:crypto';
import type { Queries } from '../../data/index.js';
import { WEBHOOK_TOPIC, webhookOrderingKey, type EventEnvelope, type EventName, type WebhookMessage } from '../../domain/events.js';

/**
 * Emits an event inside the transaction of the change it announces: one outbox message per subscription that
 * hears it (the tenant's own, and the host's), so the change and its deliveries commit or roll back together.
 * Each message belongs to the subscriber (its tenant), and a subscription's messages leave in order.
 */
export async function emitEvent(tx: Queries, event: { tenantId: number; type: EventName; data: unknown }): Promise<EventEnvelope> {
  const envelope: EventEnvelope = { id: randomUUID(), type: event.type, time: new Date().toISOString(), tenantId: event.tenantId, data: event.data };
  for (const listener of await tx.eventSubscriptions.listenersOf(event.tenantId, event.type)) {
    await enqueueDelivery(tx, listener.tenant_id, listener.id, envelope);
  }
  return envelope;
}

/** One delivery of an event to one subscription (also a replay asked for with Platform/Event/Redeliver). */
export async function enqueueDelivery(tx: Queries, subscriberTenantId: number, subscriptionId: number, event: EventEnvelope): Promise<void> {
  const payload: WebhookMessage = { subscriptionId, event };
  await tx.outbox.enqueue({ tenantId: subscriberTenantId, topic: WEBHOOK_TOPIC, payload, orderingKey: webhookOrderingKey(subscriberTenantId, subscriptionId) });
}
