import type { Data } from '../../data/index.js';
import { demand, type Caller } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import { emitEvent } from '../events/emit.js';
import { tenantEventData } from '../events/payloads.js';
import { unlinkTenant } from '../links/link-groups.js';
import { recordAudit } from '../audit/record-audit.js';

const HOUR_MS = 3_600_000;
const BATCH = 50;

/**
 * Erasure of deleted tenants: on a host's request (`PurgeTenant`), and in the background once a tenant has
 * stayed deleted longer than the retention period. Every row the tenant owns goes (its tables cascade from
 * `tenants`); an `audit_log` record stays (it has no foreign key on purpose), and the id is never reused.
 * After a purge the tenancy name is free again.
 *
 * Instances may run the background purge together: each tenant is claimed with `FOR UPDATE SKIP LOCKED` in
 * its own short transaction, so a tenant is erased (and audited) exactly once.
 */
export class TenantPurge {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly data: Data,
    private readonly retentionDays: number,
  ) {}

  /** `PurgeTenant`: only a deleted tenant can be purged (a live one must be deleted first). */
  async purge(caller: Caller, tenantId: number): Promise<void> {
    demand(caller, 'Tenants.Delete');
    const purged = await this.purgeOne(tenantId, caller);
    if (purged) return;
    const tenant = await this.data.tenants.findAny(tenantId);
    if (!tenant) throw AppError.notFound(`Tenant ${tenantId}`);
    if (!tenant.deleted_at) throw AppError.conflict('Only a deleted tenant can be purged; delete it first.');
    throw AppError.conflict('The tenant is being purged right now.');
  }

  /** Purges every tenant deleted longer ago than the retention period; answers how many it erased. */
  async purgeExpired(): Promise<number> {
    let erased = 0;
    for (;;) {
      const due = await this.data.tenantPurge.listDue(this.retentionDays, BATCH);
      let erasedNow = 0;
      for (const id of due) if (await this.purgeOne(id, null)) erasedNow++;
      erased += erasedNow;
      // A short batch was the last one; a batch another instance took entirely is left to it.
      if (due.length < BATCH || erasedNow === 0) return erased;
    }
  }

  /** Runs the background purge now and then every hour until `stop()`. */
  start(intervalMs = HOUR_MS): void {
    const run = () => {
      if (this.running) return;
      this.running = this.purgeExpired()
        // A failed run is retried by the next one; purging is idempotent.
        .catch(() => 0)
        .finally(() => (this.running = undefined));
    };
    run();
    this.timer = setInterval(run, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async purgeOne(tenantId: number, caller: Caller | null): Promise<boolean> {
    return this.data.transaction(async (tx) => {
      const tenant = await tx.tenantPurge.claimDeleted(tenantId);
      if (!tenant) return false;
      await unlinkTenant(tx, tenantId);
      await tx.tenantPurge.erase(tenantId);
      // After the erasure: only the host's subscriptions are left to hear it.
      await emitEvent(tx, { tenantId, type: 'Tenant.Purged', data: { ...tenantEventData(tenant), isDeleted: true } });
      await recordAudit(tx, caller ?? 'system', {
        tenantId,
        action: 'tenant.purged',
        target: `tenant:${tenantId}`,
        details: {
          tenancyName: tenant.tenancy_name,
          deletedAt: tenant.deleted_at!.toISOString(),
          ...(caller ? {} : { retentionDays: this.retentionDays }),
        },
      });
      return true;
    });
  }
}
