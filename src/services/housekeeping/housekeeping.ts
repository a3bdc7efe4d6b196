import type { HousekeepingConfig } from '../../config.js';
import type { Data } from '../../data/index.js';
import type { ServiceLog } from '../log.js';
import type { ServiceMetrics } from '../metrics/service-metrics.js';
import { IDEMPOTENCY_RETENTION_SECONDS } from '../idempotency/idempotency-keys.js';

/** Rows one delete statement takes at most: each statement stays short, so it never holds its locks for long. */
export const HOUSEKEEPING_BATCH = 1000;

const MINUTE_MS = 60_000;

/** What housekeeping deletes, by the table's name (the metrics' and the log's label). */
export type HousekeepingCounts = Record<'outbox' | 'idempotency_keys' | 'sessions' | 'one_time_tokens' | 'event_executions', number>;

/**
 * Housekeeping: deletes, now and then, the rows that no longer serve anyone, so that no table grows forever —
 * outbox messages delivered longer ago than OUTBOX_RETENTION_DAYS, idempotency keys past their retention (a claim
 * would take them over anyway), sessions ended and one-time tokens spent longer ago than SESSION_RETENTION_DAYS,
 * webhook delivery attempts (`Platform/Event/GetEventExecutions`) made longer ago than EVENT_EXECUTION_RETENTION_DAYS
 * (30, as long as Stripe keeps its events). Never the audit log (a record), never an undelivered outbox message
 * (pending, or given up for an operator).
 *
 * Instances may run it together: each statement deletes at most `HOUSEKEEPING_BATCH` rows picked by primary key,
 * and a row deleted by another instance meanwhile is simply not counted twice.
 */
export class Housekeeping {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopping = false;

  constructor(
    private readonly data: Data,
    private readonly config: HousekeepingConfig,
    private readonly log: ServiceLog,
    private readonly metrics: ServiceMetrics,
  ) {}

  /** One run over every table, each until no old row is left; answers what it deleted. */
  async run(): Promise<HousekeepingCounts> {
    const { outboxRetentionDays, sessionRetentionDays, eventExecutionRetentionDays } = this.config;
    const counts: HousekeepingCounts = {
      outbox: await this.drain('outbox', (limit) => this.data.outbox.deleteDelivered(outboxRetentionDays, limit)),
      idempotency_keys: await this.drain('idempotency_keys', (limit) => this.data.idempotencyKeys.deleteExpired(IDEMPOTENCY_RETENTION_SECONDS, limit)),
      sessions: await this.drain('sessions', (limit) => this.data.sessions.deleteEnded(sessionRetentionDays, limit)),
      one_time_tokens: await this.drain('one_time_tokens', (limit) => this.data.oneTimeTokens.deleteSpent(sessionRetentionDays, limit)),
      event_executions: await this.drain('event_executions', (limit) => this.data.eventExecutions.deleteOld(eventExecutionRetentionDays, limit)),
    };
    this.log.info({ deleted: counts }, 'housekeeping deleted the rows no longer needed');
    return counts;
  }

  /** Runs now and then every HOUSEKEEPING_INTERVAL_MINUTES until `stop()`. */
  start(): void {
    const run = () => {
      if (this.running) return;
      this.running = this.run()
        // A failed run is retried by the next one; what it deleted stays deleted.
        .catch((error: unknown) => this.log.warn({ err: error }, 'housekeeping failed; the next run tries again'))
        .finally(() => (this.running = undefined));
    };
    run();
    this.timer = setInterval(run, this.config.intervalMinutes * MINUTE_MS);
    this.timer.unref();
  }

  /** Stops the timer and waits for a run under way, which ends after its current batch. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Deletes batch after batch until a batch comes back short (or the service stops); answers the total. */
  private async drain(table: keyof HousekeepingCounts, deleteBatch: (limit: number) => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await deleteBatch(HOUSEKEEPING_BATCH);
      total += deleted;
      if (deleted > 0) this.metrics.housekeepingDeleted(table, deleted);
      if (deleted < HOUSEKEEPING_BATCH || this.stopping) return total;
    }
  }
}
