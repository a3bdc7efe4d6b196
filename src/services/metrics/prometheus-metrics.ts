import cluster from 'node:cluster';
import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolUse } from '../../data/database.js';
import type { OutboxTopicStatus } from '../../data/outbox-status.js';
import type { DeliveryResult, ServiceMetrics } from './service-metrics.js';

/** Where an HTTP request was answered: one of the API dialects, the pages, the console, or the operations routes. */
export type Dialect = 'rpc' | 'rest' | 'pages' | 'console' | 'stripe' | 'operations' | 'other';

/** Seconds: from a cached answer (a few ms) to a request that ran into the statement timeout. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const QUERY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30];

/**
 * The service's Prometheus metrics (`METRICS_ENABLED`): one registry per running instance, filled by in-memory
 * increments on the paths that count something and by `collect()` callbacks that read the rest (pool use, outbox
 * depth and lag) only when a scrape asks. Under `WORKERS` > 1 each worker's registry answers the primary, which
 * sums them (`AggregatorRegistry`); gauges that every worker reads from the one shared database take the
 * maximum instead, so they are not counted once per worker.
 */
export class PrometheusMetrics implements ServiceMetrics {
  readonly registry: Registry;
  private readonly requests: Counter<'dialect' | 'method' | 'route' | 'status'>;
  private readonly requestSeconds: Histogram<'dialect' | 'method' | 'route'>;
  private readonly errors: Counter<'dialect' | 'code'>;
  private readonly querySeconds: Histogram<'pool' | 'outcome'>;
  private readonly deliveries: Counter<'topic' | 'result'>;
  private readonly signInFailures: Counter<'reason'>;
  private readonly lockouts: Counter;
  private readonly rateLimitRejections: Counter<'bucket'>;
  private readonly housekeepingRows: Counter<'table'>;
  private pools: (() => PoolUse[]) | undefined;
  private outbox: { read: () => Promise<OutboxTopicStatus[]>; topics: readonly string[] } | undefined;
  /** The outbox query under way: the gauges of one scrape are collected together and share it. */
  private outboxInFlight: Promise<OutboxTopicStatus[] | undefined> | undefined;

  constructor() {
    // A worker's registry is the one its primary asks for (prom-client answers the primary's messages itself).
    this.registry = cluster.isWorker ? new AggregatorRegistry() : new Registry();
    if (cluster.isWorker) AggregatorRegistry.setRegistries([this.registry]);
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });

    this.requests = new Counter({
      name: 'tenantry_http_requests_total',
      help: 'HTTP requests answered, by dialect, method, route pattern and status code.',
      labelNames: ['dialect', 'method', 'route', 'status'],
      registers,
    });
    this.requestSeconds = new Histogram({
      name: 'tenantry_http_request_duration_seconds',
      help: 'Time from receiving a request to sending its answer, by dialect, method and route pattern.',
      labelNames: ['dialect', 'method', 'route'],
      buckets: REQUEST_BUCKETS,
      registers,
    });
    this.errors = new Counter({
      name: 'tenantry_http_errors_total',
      help: 'Requests answered with an error, by dialect and product error code (validation, unauthenticated, rate_limited, internal, …).',
      labelNames: ['dialect', 'code'],
      registers,
    });
    this.querySeconds = new Histogram({
      name: 'tenantry_db_query_duration_seconds',
      help: 'Time of one database statement, waiting for a connection excluded, by pool (primary, replica) and outcome.',
      labelNames: ['pool', 'outcome'],
      buckets: QUERY_BUCKETS,
      registers,
    });
    const poolGauge = (name: string, help: string, read: (use: PoolUse) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['pool'],
        registers,
        collect: () => {
          const gauge = this.registry.getSingleMetric(name) as Gauge<'pool'>;
          gauge.reset();
          for (const use of this.pools?.() ?? []) gauge.set({ pool: use.pool }, read(use));
        },
      });
    poolGauge('tenantry_db_pool_connections', 'Connections the pool holds (the embedded engine: its one connection).', (use) => use.total);
    poolGauge('tenantry_db_pool_idle_connections', 'Connections of the pool free for the next query.', (use) => use.idle);
    poolGauge('tenantry_db_pool_waiting_requests', 'Queries and transactions waiting for a free connection.', (use) => use.waiting);
    new Gauge({
      name: 'tenantry_outbox_messages',
      help: 'Outbox messages not delivered, by topic and state (pending: still to be attempted; failed: given up).',
      labelNames: ['topic', 'state'],
      aggregator: 'max',
      registers,
      collect: async () => {
        const gauge = this.registry.getSingleMetric('tenantry_outbox_messages') as Gauge<'topic' | 'state'>;
        const status = await this.outboxStatus();
        gauge.reset();
        for (const topic of status ?? []) {
          gauge.set({ topic: topic.topic, state: 'pending' }, topic.pending);
          gauge.set({ topic: topic.topic, state: 'failed' }, topic.failed);
        }
      },
    });
    new Gauge({
      name: 'tenantry_outbox_oldest_pending_seconds',
      help: 'Age of the oldest pending outbox message, by topic (0 when none waits): the delivery lag.',
      labelNames: ['topic'],
      aggregator: 'max',
      registers,
      collect: async () => {
        const gauge = this.registry.getSingleMetric('tenantry_outbox_oldest_pending_seconds') as Gauge<'topic'>;
        const status = await this.outboxStatus();
        gauge.reset();
        for (const topic of status ?? []) gauge.set({ topic: topic.topic }, topic.oldestPendingSeconds);
      },
    });
    this.deliveries = new Counter({
      name: 'tenantry_outbox_deliveries_total',
      help: 'Delivery attempts of outbox messages (webhook, mail, …) by result: delivered, failed (to be retried), dead (given up).',
      labelNames: ['topic', 'result'],
      registers,
    });
    this.signInFailures = new Counter({
      name: 'tenantry_sign_in_failures_total',
      help: 'Refused sign-ins, by reason (wrong_password, unknown_user, locked_out, wrong_two_factor_code, …).',
      labelNames: ['reason'],
      registers,
    });
    this.lockouts = new Counter({ name: 'tenantry_lockouts_total', help: 'Accounts locked out after too many failed sign-ins.', registers });
    this.rateLimitRejections = new Counter({
      name: 'tenantry_rate_limit_rejections_total',
      help: 'Requests refused by a rate limit, by the kind of bucket that was exhausted (ip, key, signin, signin-ip, 2fa, signup-ip, account-mail).',
      labelNames: ['bucket'],
      registers,
    });
    this.housekeepingRows = new Counter({
      name: 'tenantry_housekeeping_deleted_rows_total',
      help: 'Rows housekeeping deleted because they no longer serve anyone, by table (outbox, idempotency_keys, sessions, one_time_tokens).',
      labelNames: ['table'],
      registers,
    });
  }

  /** The database's pools, read when a scrape asks. */
  watchPools(read: () => PoolUse[]): void {
    this.pools = read;
  }

  /** The outbox's depth and lag, read when a scrape asks; `topics` are shown (as 0) even when nothing waits. */
  watchOutbox(read: () => Promise<OutboxTopicStatus[]>, topics: readonly string[]): void {
    this.outbox = { read, topics };
  }

  /** The exposition of this process, or under `WORKERS` > 1 (in the primary) of every worker together. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    const body = this.registry instanceof AggregatorRegistry && cluster.isPrimary ? await this.registry.clusterMetrics() : await this.registry.metrics();
    return { contentType: this.registry.contentType, body };
  }

  requestAnswered(labels: { dialect: Dialect; method: string; route: string; status: number }, seconds: number, errorCode: string | undefined): void {
    const { dialect, method, route, status } = labels;
    this.requests.inc({ dialect, method, route, status });
    this.requestSeconds.observe({ dialect, method, route }, seconds);
    if (errorCode) this.errors.inc({ dialect, code: errorCode });
  }

  queryRan(pool: PoolUse['pool'], seconds: number, failed: boolean): void {
    this.querySeconds.observe({ pool, outcome: failed ? 'error' : 'ok' }, seconds);
  }

  signInRefused(reason: string): void {
    this.signInFailures.inc({ reason });
  }

  lockoutStarted(): void {
    this.lockouts.inc();
  }

  rateLimited(bucket: string): void {
    this.rateLimitRejections.inc({ bucket });
  }

  deliveryAttempted(topic: string, result: DeliveryResult): void {
    this.deliveries.inc({ topic, result });
  }

  housekeepingDeleted(table: string, rows: number): void {
    this.housekeepingRows.inc({ table }, rows);
  }

  /**
   * The outbox's state for the scrape under way (both outbox gauges read it; one query serves them). A database
   * that does not answer leaves the gauges empty rather than failing the whole scrape.
   */
  private outboxStatus(): Promise<OutboxTopicStatus[] | undefined> {
    const outbox = this.outbox;
    if (!outbox) return Promise.resolve(undefined);
    this.outboxInFlight ??= outbox
      .read()
      .then(
        (found) => [
          ...found,
          ...outbox.topics.filter((topic) => !found.some((f) => f.topic === topic)).map((topic) => ({ topic, pending: 0, failed: 0, oldestPendingSeconds: 0 })),
        ],
        () => undefined,
      )
      .finally(() => (this.outboxInFlight = undefined));
    return this.outboxInFlight;
  }
}
