import pg from 'pg';

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;

/**
 * One PostgreSQL connection that LISTENs on a channel and stays listening: when the connection is lost (the
 * server restarted, the network dropped it) it reconnects with exponential back-off and jitter, LISTENs again,
 * and calls `onReconnect` so the caller can re-read what it may have missed while away.
 */
export class ListenConnection {
  private client: pg.Client | undefined;
  private closed = false;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly channel: string,
    private readonly handler: (payload: string) => void,
    private readonly onReconnect: (() => void) | undefined,
  ) {}

  /** Connects and LISTENs; the first connection's failure is the caller's (the service cannot start without it). */
  async open(): Promise<void> {
    this.client = await this.connect();
  }

  /** True while the LISTEN connection is up. */
  get connected(): boolean {
    return this.client !== undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client(this.config);
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      client.end().catch(() => {});
      this.scheduleReconnect();
    };
    client.on('error', onLost);
    try {
      await client.connect();
      client.on('notification', (message) => {
        if (message.channel === this.channel) this.handler(message.payload ?? '');
      });
      await client.query(`listen ${pg.escapeIdentifier(this.channel)}`);
    } catch (error) {
      lost = true;
      // A broken connection may still report its error while it ends: heard, and dropped.
      client.removeListener('error', onLost);
      client.on('error', () => {});
      await client.end().catch(() => {});
      throw error;
    }
    client.on('end', onLost);
    return client;
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    const delay = this.retryMs / 2 + Math.random() * (this.retryMs / 2);
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    this.retryTimer = setTimeout(() => {
      this.connect().then(
        (client) => {
          if (this.closed) {
            void client.end().catch(() => {});
            return;
          }
          this.client = client;
          this.retryMs = FIRST_RETRY_MS;
          this.onReconnect?.();
        },
        () => this.scheduleReconnect(),
      );
    }, delay);
    this.retryTimer.unref();
  }
}
