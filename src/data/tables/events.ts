import type { ColumnType, Generated } from 'kysely';

type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface EventSubscriptionTable {
  tenant_id: number;
  /** Global identity: unique across tenants, and the `id` the Event API documents. */
  id: Generated<number>;
  event_name: string;
  target_url: string;
  /** The signing secret, encrypted (see services/events/subscription-secrets.ts). */
  secret_ciphertext: Buffer;
  secret_rotated_at: Stamp;
  created_at: Stamp;
  created_by_user_id: number | null;
}

/** One delivery attempt of one event to one subscription. */
export interface EventExecutionTable {
  tenant_id: number;
  id: Generated<number>;
  subscription_id: number;
  outbox_id: number;
  event_id: string;
  event_name: string;
  attempt: number;
  started_at: Date;
  duration_ms: number;
  status_code: number | null;
  succeeded: boolean;
  error: string | null;
}

/** A Stripe event applied once (its id recorded in the transaction that applied it). */
export interface StripeEventTable {
  tenant_id: number;
  event_id: string;
  type: string;
  received_at: Stamp;
}

export interface EventTables {
  event_subscriptions: EventSubscriptionTable;
  event_executions: EventExecutionTable;
  stripe_events: StripeEventTable;
}
