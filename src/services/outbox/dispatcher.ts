import type { OutboxConfig } from '../../config.js';
import type { Database } from '../../data/database.js';
import type { Data } from '../../data/index.js';
import { OUTBOX_CHANNEL, type ClaimedMessage } from '../../data/outbox.js';
import type { ServiceLog } from '../log.js';
import { NO_METRICS, type ServiceMetrics } from '../metrics/service-metrics.js';
import { retryDelayMs } from './backoff.js';

/**
 * Delivers one message of a topic. Resolving means delivered; throwing means "try again later", unless the
 * error is a PermanentDeliveryError. The signal aborts when the attempt runs out of its time.
 */
export type OutboxHandler = (message: ClaimedMessage, signal: AbortSignal) => Promise<void>;

/** A failure that retrying cannot fix (a malformed message, a recipient the server refuses for good). */
export class PermanentDeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentDeliveryError';
  }
}

// Attempts under way at once. Each is a slot of its own: a slow receiver holds one slot, not the others.
const CONCURRENCY = 8;
const MAX_ERROR_LENGTH = 1000;
// A due message another instance is claiming at this very moment must not make this one spin.
const MIN_WAKE_MS = 100;

/**
 * Delivers the transactional outbox, one handler per topic (e-mail, webhooks).
 *
 * Each cycle claims due messages in short statements (`FOR UPDATE SKIP LOCKED`, see `claimDue`), so
 * several instances on one PostgreSQL never take the same message, and delivers them outside any
 * transaction, several at once, each attempt in a slot of its own (a slow receiver delays no other). A claim is a lease: if the process dies mid-delivery, the message becomes due again when the
 * lease runs out. A delivered message is never claimed again, and the outcome of an attempt is recorded only
 * if the row was not claimed again since (the attempt number fences it).
 *
 * Delivery is at least once at one edge: when the receiver accepted a message but the process died (or the
 * database became unreachable) before it was marked delivered, the message is sent again after the lease.
 * E-mails carry a Message-ID derived from the outbox row, so mail clients can recognise such a duplicate.
 *
 * Wake-ups: a NOTIFY from every enqueue (any instance), the next pending message falling due (a retry, an
 * expired lease, whoever set it), and at the latest a poll every `pollMs`.
 */
export class OutboxDispatcher {
  private readonly handlers = new Map<string, OutboxHandler>();
  private started = false;
  private stopping = false;
  private running: Promise<void> | undefined;
  private again = false;
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly data: Data,
    private readonly options: OutboxConfig,
    private readonly log: ServiceLog,
    /** Counts delivery attempts by result. */
    private readonly metrics: ServiceMetrics = NO_METRICS,
  ) {}

  /** Registers the handler of a topic; to be called before `start`. Messages of other topics stay untouched. */
  handle(topic: string, handler: OutboxHandler): void {
    if (this.started) throw new Error('Outbox handlers must be registered before the dispatcher starts.');
    this.handlers.set(topic, handler);
  }

  /** Starts delivering. Without any handler there is nothing to deliver, so nothing is polled. */
  async start(database: Database): Promise<void> {
    this.started = true;
    if (this.handlers.size === 0) return;
    this.unlisten = await database.listen(
      OUTBOX_CHANNEL,
      (topic) => {
        if (this.handlers.has(topic)) this.nudge();
      },
      () => this.nudge(),
    );
    this.nudge();
  }

  /** Runs a delivery cycle now, or right after the one under way. */
  nudge(): void {
    if (this.stopping || this.handlers.size === 0) return;
    if (this.running) {
      this.again = true;
      this.wake?.();
      return;
    }
    clearTimeout(this.timer);
    this.running = this.cycle()
      .then((nextDueMs) => this.schedule(nextDueMs))
      .catch((error: unknown) => {
        // The database may be away for a moment: say so and try again at the next poll.
        this.log.error({ err: error }, 'outbox delivery cycle failed');
        this.schedule(undefined);
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }

  /** Runs a delivery cycle now and answers when it, and any cycle asked for meanwhile, is over. */
  async drain(): Promise<void> {
    this.nudge();
    while (this.running) await this.running;
  }

  /** Stops claiming; answers when the attempts under way have finished. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    this.wake?.();
    await this.running;
    const unlisten = this.unlisten;
    this.unlisten = undefined;
    await unlisten?.();
  }

  private schedule(nextDueMs: number | undefined): void {
    if (this.stopping) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.nudge(), Math.max(MIN_WAKE_MS, Math.min(this.options.pollMs, nextDueMs ?? Infinity)));
    this.timer.unref();
  }

  /**
   * Keeps up to CONCURRENCY attempts under way, claiming more whenever one ends or a new message is announced,
   * until none is due and none is under way; answers when the next pending message falls due.
   */
  private async cycle(): Promise<number | undefined> {
    const topics = [...this.handlers.keys()];
    const given = await this.data.outbox.failAbandoned(topics, this.options.maxAttempts);
    if (given > 0) this.log.warn({ count: given }, 'outbox messages given up: their last attempt never finished');
    const underWay = new Set<Promise<void>>();
    let failure: { error: unknown } | undefined;
    try {
      while (!this.stopping && !failure) {
        const room = CONCURRENCY - underWay.size;
        const claimed = room > 0 ? await this.data.outbox.claimDue(topics, { limit: room, leaseMs: this.options.leaseMs, maxAttempts: this.options.maxAttempts }) : [];
        for (const message of claimed) {
          const attempt: Promise<void> = this.deliver(message)
            .catch((error: unknown) => {
              failure ??= { error };
            })
            .finally(() => underWay.delete(attempt));
          underWay.add(attempt);
        }
        if (underWay.size === 0) break;
        // A full claim may have left more due: claim again if there is room, else wait for a slot.
        if (room > 0 && claimed.length === room) continue;
        await this.nextWakeUp(underWay);
      }
    } finally {
      // Settle every attempt before answering, so that `stop` never leaves one behind.
      await Promise.allSettled([...underWay]);
      this.wake = undefined;
    }
    if (failure) throw failure.error;
    return this.data.outbox.nextDueInMs(topics);
  }

  /** Waits for an attempt to end, a new message (nudge), or at the latest the poll interval. */
  private async nextWakeUp(underWay: ReadonlySet<Promise<void>>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const woken = new Promise<void>((resolve) => {
      this.wake = resolve;
      timer = setTimeout(resolve, this.options.pollMs);
      timer.unref();
    });
    await Promise.race([...underWay, woken]);
    clearTimeout(timer);
  }

  /** One attempt at one message, its outcome recorded. */
  private async deliver(message: ClaimedMessage): Promise<void> {
    const handler = this.handlers.get(message.topic)!;
    // The attempt must end well before its lease does, or another claimer could start a second one.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), Math.floor(this.options.leaseMs * 0.8));
    try {
      await Promise.race([handler(message, deadline.signal), abortion(deadline.signal)]);
    } catch (error) {
      await this.recordFailure(message, error);
      return;
    } finally {
      clearTimeout(timer);
    }
    this.metrics.deliveryAttempted(message.topic, 'delivered');
    if (!(await this.data.outbox.markDelivered(message))) {
      this.log.warn({ outboxId: message.id, tenantId: message.tenantId }, 'outbox message delivered after its claim had passed on');
    }
  }

  private async recordFailure(message: ClaimedMessage, error: unknown): Promise<void> {
    const permanent = error instanceof PermanentDeliveryError;
    const giveUp = permanent || message.attempts >= this.options.maxAttempts;
    const retryInMs = giveUp ? null : retryDelayMs(message.attempts, { baseMs: this.options.retryBaseMs, maxMs: this.options.retryMaxMs });
    const text = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
    await this.data.outbox.markAttemptFailed(message, text, retryInMs);
    this.metrics.deliveryAttempted(message.topic, giveUp ? 'dead' : 'failed');
    const details = { outboxId: message.id, tenantId: message.tenantId, topic: message.topic, attempts: message.attempts, error: text };
    if (giveUp) this.log.error(details, permanent ? 'outbox message cannot be delivered' : 'outbox message given up after its last attempt');
    else this.log.warn({ ...details, retryInMs }, 'outbox delivery failed; will retry');
  }
}

function abortion(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(new Error('The delivery attempt took too long and was abandoned.')), { once: true });
  });
}
