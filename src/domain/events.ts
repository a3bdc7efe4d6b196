/**
 * The event catalogue: every event the service emits, by the name subscribers use (the original platform's
 * names where it had them). docs/events.md describes each payload.
 */
export const eventNames = [
  'LeadCreated',
  'User.CreatedOrUpdated',
  'Subscription.CreatedOrUpdated',
  'Payment.Created',
  'Tenant.Created',
  'Tenant.Updated',
  'Tenant.Suspended',
  'Tenant.Deleted',
  'Tenant.Restored',
  'Tenant.Purged',
  'ApiKey.Created',
  'ApiKey.Revoked',
  'Settings.Updated',
] as const;

export type EventName = (typeof eventNames)[number];

export function isEventName(value: string): value is EventName {
  return (eventNames as readonly string[]).includes(value);
}

/** The outbox topic of one webhook delivery (one event to one subscription). */
export const WEBHOOK_TOPIC = 'webhook';

/** An event as it is stored and delivered: its own id and time, the tenant it is about, and its data. */
export interface EventEnvelope {
  id: string;
  type: EventName;
  time: string;
  tenantId: number;
  data: unknown;
}

/** What the outbox holds for one webhook delivery. */
export interface WebhookMessage {
  subscriptionId: number;
  event: EventEnvelope;
}

/** The subscriptions' delivery order: one key per subscription (see outbox.claimDue). */
export function webhookOrderingKey(tenantId: number, subscriptionId: number): string {
  return `webhook:${tenantId}:${subscriptionId}`;
}

/**
 * The body a receiver gets. `User.CreatedOrUpdated` is a JSON array of users, as the original platform's
 * WordPress receiver reads it, so each element carries the event's type, id and time; every other event is
 * one object with the data under `data`.
 */
export function deliveryBody(event: EventEnvelope): unknown {
  const meta = { type: event.type, eventId: event.id, time: event.time, tenantId: event.tenantId };
  if (event.type === 'User.CreatedOrUpdated' && Array.isArray(event.data)) {
    return event.data.map((user: Record<string, unknown>) => ({ ...user, ...meta }));
  }
  return { ...meta, data: event.data };
}
