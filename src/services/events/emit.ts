import { randomUUID } from 'node:crypto';
import type { Data, Queries } from '../../data/index.js';
import type { ClaimedMessage } from '../../data/outbox.js';
import {
  EVENT_TOPIC,
  eventOrderingKey,
  WEBHOOK_TOPIC,
  webhookOrderingKey,
  type EventEnvelope,
  type EventName,
  type WebhookMessage,
} from '../../domain/events.js';

/**
 * Emits an event inside the transaction of the change it announces: one outbox message, so the change and its
 * event commit or roll back together. It is written under the tenant the event is about, which a transaction
 * confined to that tenant (row-level security) may do; fanning it out to the subscriptions that hear it —
 * the tenant's own and the host's — happens after commit (`fanOutEvent`).
 */
export async function emitEvent(tx: Queries, event: { tenantId: number; type: EventName; data: unknown }): Promise<EventEnvelope> {
  const message = eventMessage(event);
  await tx.outbox.enqueue(message);
  return message.payload;
}

/** The outbox message of an event (`emitEvent` writes one; the bulk import writes many at once). */
export function eventMessage(event: { tenantId: number; type: EventName; data: unknown }) {
  const envelope: EventEnvelope = { id: randomUUID(), type: event.type, time: new Date().toISOString(), tenantId: event.tenantId, data: event.data };
  return { tenantId: event.tenantId, topic: EVENT_TOPIC, payload: envelope, orderingKey: eventOrderingKey(event.tenantId) };
}

/**
 * The outbox handler of topic `event`: one webhook delivery per subscription that hears the event, written in
 * one transaction. Run again after a crash, it adds nothing twice (each delivery's dedupe key is the event and
 * the subscription). A tenant's events are fanned out in order, so its deliveries keep that order.
 */
export function eventFanOut(data: Data) {
  return async (message: ClaimedMessage): Promise<void> => {
    const event = message.payload as EventEnvelope;
    await data.transaction(async (tx) => {
      for (const listener of await tx.eventSubscriptions.listenersOf(event.tenantId, event.type)) {
        await enqueueDelivery(tx, listener.tenant_id, listener.id, event, `${event.id}:${listener.id}`);
      }
    });
  };
}

/** One delivery of an event to one subscription (also a replay asked for with Platform/Event/Redeliver). */
export async function enqueueDelivery(tx: Queries, subscriberTenantId: number, subscriptionId: number, event: EventEnvelope, dedupeKey?: string): Promise<void> {
  const payload: WebhookMessage = { subscriptionId, event };
  await tx.outbox.enqueue({
    tenantId: subscriberTenantId,
    topic: WEBHOOK_TOPIC,
    payload,
    orderingKey: webhookOrderingKey(subscriberTenantId, subscriptionId),
    ...(dedupeKey ? { dedupeKey } : {}),
  });
}
