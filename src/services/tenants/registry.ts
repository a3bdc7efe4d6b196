import type { Config } from '../../config.js';
import type { Data, Queries } from '../../data/index.js';
import type { TenantRow } from '../../data/tenants.js';
import { demand, HOST_TENANT_ID, type Caller } from '../../domain/caller.js';
import { AppError, isAppError, type FieldProblem } from '../../domain/errors.js';
import { hashPassword } from '../security/passwords.js';
import type { AccountPolicies } from '../settings/account-policies.js';
import type { HostConfiguration } from '../settings/host-configuration.js';
import type { TenantLifecycle } from './lifecycle.js';
import { provisionTenant } from './provisioning.js';
import { emitEvent } from '../events/emit.js';
import { tenantEventData } from '../events/payloads.js';
import { nameTenants, type NamedTenants } from './tenant-names.js';
import { changeSummary, recordAudit } from '../audit/record-audit.js';
import { tenancyNameCandidates } from '../../domain/tenancy-name.js';
import { checkTenantCreation, randomTenancyName, planCreation, referencedPlanIds, unknownPlanProblems, withCountryCode } from './creation-rules.js';
import type { NewTenantInput, ReadProblems, TenantDetails, TenantUpdate } from './tenant-input.js';
import { tenantValueProblems } from './tenant-value-rules.js';
import { welcomeMail } from './welcome-mail.js';

/**
 * The tenant registry's use cases: create a tenant (with its admin and packages), read it, change it, delete it,
 * in the registry's own words (`tenant-input.ts`); each dialect translates its fields. Only callers holding
 * `Tenants.Manage` may use them.
 */
export class TenantRegistry {
  constructor(
    private readonly data: Data,
    private readonly lifecycle: TenantLifecycle,
    private readonly hostConfiguration: HostConfiguration,
    private readonly config: Config,
    private readonly policies: AccountPolicies,
  ) {}

  /** Refuses callers who may not use the tenant registry at all, before any input is looked at. */
  authorize(caller: Caller): void {
    demand(caller, 'Tenants.Manage');
  }

  /**
   * Creates the tenant, its admin user and its packages in one transaction; a tenant is never left half made.
   * The tenancy name comes from the sub-domain (when sub-domains are on) or the company, made unique.
   */
  async create(caller: Caller, input: NewTenantInput, read: ReadProblems = []): Promise<{ id: number; tenancyName: string }> {
    demand(caller, 'Tenants.Manage');
    const { passwordComplexity } = await this.policies.of(HOST_TENANT_ID);
    const { problems, checked } = checkTenantCreation(input, read, false, passwordComplexity);
    problems.push(...(await this.lookupProblems(checked.details)));
    if (problems.length > 0) throw AppError.validation(problems);

    const { baseName, provision } = planCreation(checked, (await this.hostConfiguration.current()).enableTenantSubDomains, caller.userId);
    const packageIds = checked.packageIds;
    const passwordHash = await hashPassword(checked.admin.password!);

    // Two creates may pick the same free tenancy name at once; the unique index decides, the loser retries.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.data.transaction(async (tx) => {
          const known = new Set(await tx.packages.existingIds(packageIds));
          const unknown = packageIds.filter((id) => !known.has(id));
          if (unknown.length > 0) throw AppError.field('packageIds', `There is no package with the installation id ${unknown.join(', ')}.`);
          const tenancyName = await freeTenancyName(tx, baseName);
          const { tenant } = await provisionTenant(tx, { ...provision, tenancyName, admin: { ...provision.admin, passwordHash } });
          await tx.packages.install(tenant.id, packageIds, caller.userId);
          if (checked.admin.sendWelcomeEmail) await tx.outbox.enqueue(welcomeMail(this.config, tenant, checked.admin));
          await recordAudit(tx, caller, {
            tenantId: tenant.id,
            action: 'tenant.created',
            target: `tenant:${tenant.id}`,
            after: { tenancyName, name: provision.name },
            details: { surface: 'rest', packages: packageIds },
          });
          return { id: tenant.id, tenancyName };
        });
      } catch (error) {
        const nameTaken = isAppError(error) && error.code === 'conflict' && error.fields.some((f) => f.field === 'tenancyName');
        if (!nameTaken || attempt >= 3) throw error;
      }
    }
  }

  /** A live tenant (alone in `tenants`), with the names its details refer to; deleted and unknown tenants are not found. */
  async read(caller: Caller, tenantId: number): Promise<NamedTenants> {
    demand(caller, 'Tenants.Manage');
    const found = await this.data.tenants.findLiveWithUserNames(tenantId);
    if (!found) throw AppError.notFound(`Tenant ${tenantId}`);
    return nameTenants(this.data, [found.tenant], found.userNames);
  }

  /** Tenants a search found, with the names their details refer to. */
  async withNames(caller: Caller, rows: readonly TenantRow[]): Promise<NamedTenants> {
    demand(caller, 'Tenants.Manage');
    return nameTenants(this.data, rows);
  }

  /**
   * Partial update: absent fields stay, empty ones are cleared, read-only ones are refused. `active` suspends
   * or resumes the tenant through the lifecycle, after the other changes are stored.
   */
  async update(caller: Caller, tenantId: number, change: TenantUpdate, read: ReadProblems = [], surface: 'rest' | 'rpc' = 'rest'): Promise<void> {
    demand(caller, 'Tenants.Manage');
    const problems = [...read, ...tenantValueProblems(change.details, read, 'update'), ...(await this.lookupProblems(change.details))];
    // A create may carry the detail and have it ignored (COMPAT-NOTES); a change that cannot be made is refused.
    if (change.details.sub_domain !== undefined && !(await this.hostConfiguration.current()).enableTenantSubDomains) {
      problems.push({ field: 'sub_domain', message: 'Tenant sub-domains are turned off on this platform, so the sub-domain cannot be changed.' });
    }
    if (problems.length > 0) throw AppError.validation(problems);
    const columns = withCountryCode(change.details);

    await this.data.transaction(async (tx) => {
      const before = await tx.tenants.findLive(tenantId);
      if (!before) throw AppError.notFound(`Tenant ${tenantId}`);
      if (Object.keys(columns).length === 0) return;
      const after = (await tx.tenants.update(tenantId, { ...columns, modified_by_user_id: caller.userId }))!;
      await emitEvent(tx, { tenantId, type: 'Tenant.Updated', data: tenantEventData(after) });
      // One stored zone: the tenant's settings follow the registry's time zone.
      if (columns.time_zone !== undefined) await tx.settings.update(tenantId, { timezone: columns.time_zone });
      const changed = Object.keys(columns) as (keyof TenantRow)[];
      await recordAudit(tx, caller, {
        tenantId,
        action: 'tenant.updated',
        target: `tenant:${tenantId}`,
        ...changeSummary(pick(before, changed), pick(after, changed)),
        details: { surface, fields: [...Object.keys(change.details), ...(change.active === undefined ? [] : ['active'])] },
      });
    });
    if (change.active !== undefined) await this.lifecycle.setActive(caller, tenantId, change.active);
  }

  /** Soft delete through the lifecycle (which also needs `Tenants.Delete`). */
  async delete(caller: Caller, tenantId: number): Promise<void> {
    demand(caller, 'Tenants.Manage');
    await this.lifecycle.delete(caller, tenantId);
  }

  private async lookupProblems(details: TenantDetails): Promise<FieldProblem[]> {
    const ids = referencedPlanIds(details);
    if (ids.length === 0) return [];
    return unknownPlanProblems(details, await this.data.products.namesOf(ids));
  }
}
/** The derived tenancy name, or the first free one with a numeric (then random) suffix. */
async function freeTenancyName(tx: Queries, base: string): Promise<string> {
  for (const candidate of tenancyNameCandidates(base)) {
    if (!(await tx.tenants.isTenancyNameTaken(candidate))) return candidate;
  }
  return randomTenancyName(base);
}

function pick(row: TenantRow, keys: readonly (keyof TenantRow)[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, row[key]]));
}
