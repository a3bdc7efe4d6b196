import type { Database } from '../../data/database.js';
import type { Data } from '../../data/index.js';
import { SECURITY_EVENTS_CHANNEL, type SecurityEventRow } from '../../data/security-events.js';

/** Names of the things a credential depends on; a revocation or block names one of them. */
export const subject = {
  tenant: (id: number) => `tenant:${id}`,
  user: (id: number) => `user:${id}`,
  session: (id: string) => `session:${id}`,
  apiKey: (id: number) => `apikey:${id}`,
  /** The host's run-time tenant configuration (HostSettings), cached by every instance. */
  hostConfiguration: () => 'host:configuration',
};

// Identity sequences can commit out of order; re-reading a short tail of already-seen events catches stragglers.
const REREAD_TAIL = 200;
/** How often the revocations older than the window are forgotten (a pass over the map). */
const FORGET_EVERY_MS = 60_000;

/**
 * The in-memory answer to "may this credential still be used?", so that checking a token costs no database
 * round trip while a revocation still takes effect at once on every instance.
 *
 * - A *revocation* of a subject (user, tenant, session, key) invalidates every credential issued before it.
 * - A *block* holds while a tenant or user may not act (suspended, deleted, deactivated); it is re-read
 *   from the tables whenever an event names the subject, so the tables stay the truth.
 *
 * Services write security events in the transaction of the change and call `sync()` after commit; other
 * instances hear of them through NOTIFY (and a periodic poll in case a notification is lost).
 */
export class CredentialGate {
  private readonly revokedBefore = new Map<string, number>();
  private readonly blocked = new Set<string>();
  private readonly changeListeners: ((subject: string) => void)[] = [];
  private lastSeq = 0;
  private syncing: Promise<void> | undefined;
  private resync = false;
  private stopListening: (() => Promise<void>) | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private lastForgotMs = Date.now();

  constructor(
    private readonly data: Data,
    private readonly revocationWindowSeconds: number,
  ) {}

  /** Loads the current state and starts following new events. */
  async start(database: Database, pollMs = 2000): Promise<void> {
    const [tenants, users, lastSeq, revocations] = await Promise.all([
      this.data.tenants.listBlockedIds(),
      this.data.users.listBlockedIds(),
      this.data.securityEvents.lastSeq(),
      this.data.securityEvents.listRevocationsSince(new Date(Date.now() - this.revocationWindowSeconds * 1000)),
    ]);
    for (const id of tenants) this.blocked.add(subject.tenant(id));
    for (const id of users) this.blocked.add(subject.user(id));
    for (const event of revocations) this.applyRevocation(event);
    this.lastSeq = lastSeq;
    const sync = () => void this.sync().catch(() => {});
    // After a reconnect, events whose notifications were lost are read at once rather than at the next poll.
    this.stopListening = await database.listen(SECURITY_EVENTS_CHANNEL, sync, sync);
    this.pollTimer = setInterval(() => void this.sync().catch(() => {}), pollMs);
    this.pollTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.pollTimer);
    await this.stopListening?.();
    await this.syncing;
  }

  /** Applies events that are not applied yet. Concurrent calls share one pass and a follow-up. */
  async sync(): Promise<void> {
    if (this.syncing) {
      this.resync = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      do {
        this.resync = false;
        const events = await this.data.securityEvents.listAfter(Math.max(0, this.lastSeq - REREAD_TAIL));
        for (const event of events) await this.apply(event);
        if (events.length > 0) this.lastSeq = Math.max(this.lastSeq, events.at(-1)!.seq);
      } while (this.resync);
      if (Date.now() - this.lastForgotMs >= FORGET_EVERY_MS) this.forgetExpiredRevocations(Date.now());
    })().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  /**
   * Answers once the events this instance has heard of are applied. A notification starts a sync at once, but
   * the sync reads the events in a query; a request checked meanwhile would still pass with a credential another
   * instance has just ended. Awaiting this before `allows` closes that window: costs nothing when idle.
   */
  async settled(): Promise<void> {
    if (this.syncing) await this.syncing.catch(() => {});
  }

  /** True when no subject is blocked and none was revoked after `issuedAtMs`. */
  allows(subjects: readonly string[], issuedAtMs: number): boolean {
    for (const s of subjects) {
      if (this.blocked.has(s)) return false;
      const before = this.revokedBefore.get(s);
      if (before !== undefined && issuedAtMs <= before) return false;
    }
    return true;
  }

  /**
   * Forgets revocations older than the window, as a restart does (`start` loads only the window's): they concern
   * credentials that have expired anyway. Without it every sign-out and deleted key stayed in memory for the life
   * of the process.
   */
  forgetExpiredRevocations(nowMs: number): void {
    const oldest = nowMs - this.revocationWindowSeconds * 1000;
    for (const [name, at] of this.revokedBefore) if (at < oldest) this.revokedBefore.delete(name);
    this.lastForgotMs = nowMs;
  }

  /** How many subjects have a revocation in memory. */
  get revocationCount(): number {
    return this.revokedBefore.size;
  }

  isBlocked(name: string): boolean {
    return this.blocked.has(name);
  }

  /** Calls `listener` whenever an event names a subject, so caches keyed by it can be dropped. */
  onChange(listener: (subject: string) => void): void {
    this.changeListeners.push(listener);
  }

  private applyRevocation(event: SecurityEventRow): void {
    const at = new Date(event.at).getTime();
    if ((this.revokedBefore.get(event.subject) ?? -Infinity) < at) this.revokedBefore.set(event.subject, at);
  }

  private async apply(event: SecurityEventRow): Promise<void> {
    if (event.kind === 'revoke') this.applyRevocation(event);
    if (event.kind === 'block' || event.kind === 'unblock') await this.reloadBlock(event.tenant_id, event.subject);
    for (const listener of this.changeListeners) listener(event.subject);
  }

  /** Re-reads whether the subject may act; the event's tenant pins a user's look-up to its tenant's rows. */
  private async reloadBlock(tenantId: number, name: string): Promise<void> {
    const [kind, id] = name.split(':');
    const usable =
      kind === 'tenant' ? await this.data.tenants.isUsable(Number(id)) : kind === 'user' ? await this.data.users.isUsable(tenantId, Number(id)) : true;
    if (usable) this.blocked.delete(name);
    else this.blocked.add(name);
  }
}
