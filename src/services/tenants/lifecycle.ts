import type { Data, Queries } from '../../data/index.js';
import type { TenantRow } from '../../data/tenants.js';
import { demand, type Caller } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import { emitEvent } from '../events/emit.js';
import { tenantEventData } from '../events/payloads.js';
import type { CredentialGate } from '../security/credential-gate.js';
import { revocation } from '../security/revocation.js';
import { recordAudit } from '../audit/record-audit.js';

/** Work another feature must do, in the same transaction, when a tenant is deleted (e.g. unlink its users). */
export type TenantDeletionStep = (tx: Queries, tenant: TenantRow, caller: Caller) => Promise<void>;

/**
 * A tenant's life after creation, shared by both dialects: suspend and resume, soft delete and restore,
 * purge. Each change ends credentials at once where it must (through the credential gate) and is audited.
 */
export class TenantLifecycle {
  constructor(
    private readonly data: Data,
    private readonly gate: CredentialGate,
    /** Work done inside every tenant deletion's transaction (unlinking the tenant's linked users). */
    private readonly deletionSteps: readonly TenantDeletionStep[] = [],
  ) {}

  /**
   * Soft delete: the tenant leaves every view, every session, token and key of its users stops working at
   * once, and its data stays until a purge. Its tenancy name stays reserved until then.
   */
  async delete(caller: Caller, tenantId: number): Promise<void> {
    demand(caller, 'Tenants.Delete');
    await this.data.transaction(async (tx) => {
      const tenant = await tx.tenants.findLive(tenantId);
      if (!tenant) throw AppError.notFound(`Tenant ${tenantId}`);
      const deleted = await tx.tenants.update(tenantId, { deleted_at: new Date(), deleter_user_id: caller.userId, modified_by_user_id: caller.userId });
      await revocation.tenant(tx, tenantId);
      for (const step of this.deletionSteps) await step(tx, tenant, caller);
      await emitEvent(tx, { tenantId, type: 'Tenant.Deleted', data: tenantEventData(deleted!) });
      await recordAudit(tx, caller, {
        tenantId,
        action: 'tenant.deleted',
        target: `tenant:${tenantId}`,
        before: { deleted: false },
        after: { deleted: true },
        details: { tenancyName: tenant.tenancy_name },
      });
    });
    await this.gate.sync();
  }

  /** Suspends (`active` false) or resumes a live tenant. Suspension ends its users' credentials at once. */
  async setActive(caller: Caller, tenantId: number, active: boolean): Promise<TenantRow> {
    demand(caller, 'Tenants.Manage');
    const updated = await this.data.transaction(async (tx) => {
      const tenant = await tx.tenants.findLive(tenantId);
      if (!tenant) throw AppError.notFound(`Tenant ${tenantId}`);
      const row = await tx.tenants.update(tenantId, { is_active: active, modified_by_user_id: caller.userId });
      if (tenant.is_active !== active) {
        if (active) await revocation.unblockTenant(tx, tenantId);
        else await revocation.tenant(tx, tenantId);
        await emitEvent(tx, { tenantId, type: active ? 'Tenant.Updated' : 'Tenant.Suspended', data: tenantEventData(row!) });
        await recordAudit(tx, caller, {
          tenantId,
          action: active ? 'tenant.resumed' : 'tenant.suspended',
          target: `tenant:${tenantId}`,
          before: { isActive: tenant.is_active },
          after: { isActive: active },
        });
      }
      return row!;
    });
    await this.gate.sync();
    return updated;
  }

  /** Brings a deleted (not yet purged) tenant back. Credentials ended by the deletion stay ended. */
  async restore(caller: Caller, tenantId: number): Promise<TenantRow> {
    demand(caller, 'Tenants.Delete');
    const restored = await this.data.transaction(async (tx) => {
      const tenant = await tx.tenants.findAny(tenantId);
      if (!tenant || !tenant.deleted_at) throw AppError.notFound(`Deleted tenant ${tenantId}`);
      const row = await tx.tenants.update(tenantId, { deleted_at: null, deleter_user_id: null, modified_by_user_id: caller.userId });
      await revocation.unblockTenant(tx, tenantId);
      await emitEvent(tx, { tenantId, type: 'Tenant.Restored', data: tenantEventData(row!) });
      await recordAudit(tx, caller, { tenantId, action: 'tenant.restored', target: `tenant:${tenantId}`, before: { deleted: true }, after: { deleted: false } });
      return row!;
    });
    await this.gate.sync();
    return restored;
  }
}
