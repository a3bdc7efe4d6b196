/**
 * The event catalogue: every event the service emits, by the name subscribers use (the original platform's
 * names where it had them). docs/events.md describes each payload.
 */
export const eventCatalogue = {
  LeadCreated: 'a tenancy request is submitted; data: the lead and its contact',
  'User.CreatedOrUpdated': 'a user is created, changed or deleted; the body is an array of users (firstName, lastName, emailAddress, userId, contactId, isDeleted, affiliateCode, …)',
  'Subscription.CreatedOrUpdated': 'a subscription becomes active (at registration when nothing is due, or when its invoice is paid on Stripe) or is cancelled; data: the subscription',
  'Payment.Created': 'an invoice is paid on Stripe (Checkout or invoice); data: publicInvoiceId, tenantId, amount, currency, stripeEventId, paidAt',
  'Tenant.Created': 'a tenant is created; data: tenantId, tenancyName, name, companyName, isActive, isDeleted',
  'Tenant.Updated': 'a tenant record changes or a suspended tenant resumes',
  'Tenant.Suspended': 'a tenant is suspended',
  'Tenant.Deleted': 'a tenant is soft-deleted',
  'Tenant.Restored': 'a deleted tenant is restored',
  'Tenant.Purged': 'a deleted tenant is erased (host subscriptions only)',
  'ApiKey.Created': 'an API key is generated (never the key itself)',
  'ApiKey.Revoked': 'an API key is deleted',
  'Settings.Updated': 'general settings change; data: the changed field names and the settings',
} as const;

export const eventNames = Object.keys(eventCatalogue) as (keyof typeof eventCatalogue)[];

export type EventName = keyof typeof eventCatalogue;

export function isEventName(value: string): value is EventName {
  return (eventNames as readonly string[]).includes(value);
}

/** The outbox topic of an event as its change wrote it; fanned out to its subscriptions after commit. */
export const EVENT_TOPIC = 'event';

/** A tenant's events are fanned out one after another, in the order of their changes. */
export function eventOrderingKey(tenantId: number): string {
  return `events:${tenantId}`;
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
