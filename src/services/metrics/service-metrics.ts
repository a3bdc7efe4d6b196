/** How one delivery attempt of an outbox message ended: delivered, failed and to be retried, or given up for good. */
export type DeliveryResult = 'delivered' | 'failed' | 'dead';

/**
 * What the use cases report to the operator's metrics (`METRICS_ENABLED`, see prometheus-metrics.ts). Each call is
 * an increment in memory: nothing waits on it. Without metrics the use cases hold `NO_METRICS`.
 */
export interface ServiceMetrics {
  /** A sign-in refused, with `checkSignIn`'s reason (`wrong_password`, `unknown_user`, `locked_out`, …). */
  signInRefused(reason: string): void;
  /** A failed sign-in that started a lockout of its account. */
  lockoutStarted(): void;
  /** A request refused by a rate limit; `bucket` is the kind of counter (`ip`, `key`, `signin`, `signup-ip`, …). */
  rateLimited(bucket: string): void;
  /** One delivery attempt of an outbox message of `topic` (webhook, mail, …) and how it ended. */
  deliveryAttempted(topic: string, result: DeliveryResult): void;
  /** Rows of `table` that housekeeping deleted (services/housekeeping). */
  housekeepingDeleted(table: string, rows: number): void;
}

/** The metrics of a service that keeps none. */
export const NO_METRICS: ServiceMetrics = {
  signInRefused() {},
  lockoutStarted() {},
  rateLimited() {},
  deliveryAttempted() {},
  housekeepingDeleted() {},
};
