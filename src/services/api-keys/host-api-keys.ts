import type { ApiKeyListing } from '../../data/api-keys.js';
import type { Data } from '../../data/index.js';
import { demand, HOST_TENANT_ID, type Caller } from '../../domain/caller.js';
import { demandCredentialFor } from '../../domain/credential-rules.js';
import { AppError } from '../../domain/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { emitEvent } from '../events/emit.js';
import { apiKeyEventData } from '../events/payloads.js';
import type { CredentialGate } from '../security/credential-gate.js';
import { revocation } from '../security/revocation.js';

/**
 * API keys of any tenant, for platform operators (`tenantry keys list|revoke`): a leaked key of a tenant can be
 * ended by the host without signing in as one of the tenant's users. A tenant's own users keep
 * `ApiKeyManagement`, confined to their tenant.
 */
export class HostApiKeys {
  constructor(
    private readonly data: Data,
    private readonly gate: CredentialGate,
  ) {}

  async list(caller: Caller, tenantId: number, page: { skip: number; take: number; userId?: number | undefined }): Promise<{ total: number; items: ApiKeyListing[] }> {
    demand(caller, 'Tenants.Manage');
    demand(caller, 'ApiKeys.ManageAll');
    if (tenantId !== HOST_TENANT_ID && !(await this.data.tenants.findAny(tenantId))) throw AppError.notFound(`Tenant ${tenantId}`);
    return this.data.apiKeys.list(tenantId, page);
  }

  /** Revokes a live key of the tenant: it stops working at once on every instance. */
  async revoke(caller: Caller, tenantId: number, id: number): Promise<void> {
    demandCredentialFor(caller, 'manage_api_keys');
    demand(caller, 'Tenants.Manage');
    demand(caller, 'ApiKeys.ManageAll');
    await this.data.transaction(async (tx) => {
      const key = await tx.apiKeys.findLive(tenantId, id);
      if (!key) throw AppError.notFound(`API key ${id} of tenant ${tenantId}`);
      await revocation.apiKey(tx, tenantId, id);
      await emitEvent(tx, { tenantId, type: 'ApiKey.Revoked', data: apiKeyEventData(key, key.user_name) });
      await recordAudit(tx, caller, { tenantId, action: 'apikey.deleted', target: `apikey:${id}`, details: { userId: key.user_id, name: key.name } });
    });
    await this.gate.sync();
  }
}
