import { LRUCache } from 'lru-cache';
import type { Data } from '../../data/index.js';
import type { ApiKeyLimits, Caller } from '../../domain/caller.js';
import type { RequestOrigin } from '../../domain/request-origin.js';
import { recordAudit } from '../audit/record-audit.js';
import type { CallerProfiles } from '../auth/caller-profiles.js';
import { parseApiKey } from '../security/api-key-format.js';
import { type CredentialGate, subject } from '../security/credential-gate.js';
import { secretMatches } from '../security/secrets.js';

/** What a verified key says, kept briefly so a key-authenticated request needs no database round trip. */
interface VerifiedKey {
  tenantId: number;
  userId: number;
  secretHash: Buffer;
  paths: readonly string[];
  expiresMs: number;
  createdMs: number;
  limits: ApiKeyLimits;
  cachedUntil: number;
  /** Client IPs the key is known to have been used from; a use from another one is audited. */
  seenIps: Set<string>;
}

const CACHE_TTL_MS = 30_000;
const CACHE_MAX_ENTRIES = 10_000;
/** `last_used_at` is a hint for people, not an audit trail: one write a minute per key is enough. */
const RECORD_USE_EVERY_MS = 60_000;

/**
 * Turns a presented API key into a Caller. A malformed key or a bad checksum costs no database look-up;
 * a verified key is cached for a short while, and every use still checks what can change at any moment:
 * expiry, the key's revocation, and whether its user and tenant may act (through the credential gate).
 * The caller acts with its user's current permissions, narrowed to the key's paths by the API surfaces.
 */
export class ApiKeyVerifier {
  private readonly cache = new LRUCache<number, VerifiedKey>({ max: CACHE_MAX_ENTRIES });
  /** Look-ups under way, so a burst of requests with a key that is not cached costs one query. */
  private readonly loading = new Map<string, Promise<VerifiedKey | undefined>>();
  /** Counts key changes, so a look-up that raced with a change does not cache what it read before it. */
  private changes = 0;
  private readonly lastRecordedUse = new LRUCache<number, number>({ max: CACHE_MAX_ENTRIES });
  private readonly pendingWrites = new Set<Promise<void>>();

  constructor(
    private readonly data: Data,
    private readonly gate: CredentialGate,
    private readonly profiles: CallerProfiles,
    private readonly reportError: (error: unknown) => void,
  ) {
    gate.onChange((name) => {
      const [kind, id] = name.split(':');
      if (kind === 'tenant') {
        // The tenant's rate limits (which its keys carry) may have changed.
        this.changes++;
        for (const [keyId, key] of [...this.cache.entries()]) if (key.tenantId === Number(id)) this.cache.delete(keyId);
        for (const name of this.loading.keys()) if (name.startsWith(`${id}:`)) this.loading.delete(name);
        return;
      }
      if (kind !== 'apikey') return;
      this.changes++;
      this.cache.delete(Number(id));
      for (const name of this.loading.keys()) if (name.endsWith(`:${id}`)) this.loading.delete(name);
    });
  }

  /** The caller behind a key, or undefined when the key is malformed, unknown, wrong, expired or revoked. */
  async verify(credential: string, from: RequestOrigin): Promise<Caller | undefined> {
    const parts = parseApiKey(credential);
    if (!parts) return undefined;
    const key = await this.liveKey(parts.tenantId, parts.id);
    if (!key || !secretMatches(parts.secret, key.secretHash)) return undefined;
    const profile = await this.profiles.get(key.tenantId, key.userId);
    if (!profile) return undefined;
    this.recordUse(key.tenantId, parts.id, Date.now());
    const caller: Caller = {
      userId: key.userId,
      tenantId: key.tenantId,
      userName: profile.userName,
      permissions: profile.permissions,
      credential: 'api_key',
      origin: 'api_key',
      apiKey: { tenantId: key.tenantId, id: parts.id, paths: key.paths, limits: key.limits },
      from,
    };
    if (from.clientIp && !key.seenIps.has(from.clientIp)) this.recordNewIp(caller, key, parts.id, from.clientIp);
    return caller;
  }

  /**
   * What a still-live key bounds (for a session opened through it): its paths and expiry; undefined once the
   * key has expired, been revoked, or its user or tenant may no longer act.
   */
  async bound(tenantId: number, id: number): Promise<{ paths: readonly string[]; expiresMs: number; limits: ApiKeyLimits } | undefined> {
    const key = await this.liveKey(tenantId, id);
    return key && { paths: key.paths, expiresMs: key.expiresMs, limits: key.limits };
  }

  private async liveKey(tenantId: number, id: number): Promise<VerifiedKey | undefined> {
    const now = Date.now();
    let key = this.cache.get(id);
    if (!key || key.cachedUntil <= now || key.tenantId !== tenantId) {
      key = await this.loadOnce(tenantId, id);
      if (!key) return undefined;
    }
    if (key.expiresMs <= now) return undefined;
    if (this.gate.isBlocked(subject.tenant(key.tenantId)) || this.gate.isBlocked(subject.user(key.userId))) return undefined;
    if (!this.gate.allows([subject.apiKey(id)], key.createdMs)) return undefined;
    return key;
  }

  /** Waits for the last-use writes under way (before the database is closed). */
  async stop(): Promise<void> {
    await Promise.all(this.pendingWrites);
  }

  private loadOnce(tenantId: number, id: number): Promise<VerifiedKey | undefined> {
    const name = `${tenantId}:${id}`;
    let pending = this.loading.get(name);
    if (!pending) {
      pending = this.load(tenantId, id).finally(() => {
        if (this.loading.get(name) === pending) this.loading.delete(name);
      });
      this.loading.set(name, pending);
    }
    return pending;
  }

  private async load(tenantId: number, id: number): Promise<VerifiedKey | undefined> {
    const changesBefore = this.changes;
    const row = await this.data.apiKeys.findCredential(tenantId, id);
    if (!row || row.revoked_at) return undefined;
    const key: VerifiedKey = {
      tenantId: row.tenant_id,
      userId: row.user_id,
      secretHash: row.secret_hash,
      paths: row.paths,
      expiresMs: row.expires_at.getTime(),
      createdMs: row.created_at.getTime(),
      limits: { perMinute: row.limit_per_minute, perDay: row.limit_per_day },
      cachedUntil: Date.now() + CACHE_TTL_MS,
      seenIps: new Set(row.seen_ips),
    };
    if (this.changes !== changesBefore) return key;
    this.cache.set(id, key);
    return key;
  }

  /** A use from an IP the key was not used from before is a security event: recorded once, off the request's path. */
  private recordNewIp(caller: Caller, key: VerifiedKey, id: number, ip: string): void {
    key.seenIps.add(ip);
    this.track(
      this.data.transaction(async (tx) => {
        if (!(await tx.apiKeys.addSeenIp(key.tenantId, id, ip))) return;
        await recordAudit(tx, caller, { tenantId: key.tenantId, action: 'apikey.used_from_new_ip', target: `apikey:${id}`, details: { clientIp: ip } });
      }),
    );
  }

  /** Fire and forget: a failed write is reported and never fails the request. */
  private recordUse(tenantId: number, id: number, now: number): void {
    if (now - (this.lastRecordedUse.get(id) ?? 0) < RECORD_USE_EVERY_MS) return;
    this.lastRecordedUse.set(id, now);
    this.track(this.data.apiKeys.recordUse(tenantId, id, new Date(now)));
  }

  private track(work: Promise<void>): void {
    const write = work.catch(this.reportError).finally(() => this.pendingWrites.delete(write));
    this.pendingWrites.add(write);
  }
}
