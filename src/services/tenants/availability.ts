import type { Data } from '../../data/index.js';

/** ABP's `TenantAvailabilityState`: the numbers its clients compare against. */
export const TenantAvailabilityState = { Available: 1, InActive: 2, NotFound: 3 } as const;

export interface TenantAvailability {
  state: (typeof TenantAvailabilityState)[keyof typeof TenantAvailabilityState];
  tenantId: number | null;
  serverRootAddress: string | null;
}

/**
 * Tenant resolution before sign-in (ASP.NET Zero's `Account/IsTenantAvailable` and `ResolveTenantId`): whether a
 * tenancy name names a tenant that can sign in. A deleted tenant is not found, as an unknown one; a suspended one
 * is inactive and gives no id.
 */
export class TenantResolution {
  constructor(
    private readonly data: Data,
    private readonly publicUrl: string,
  ) {}

  async availability(tenancyName: string): Promise<TenantAvailability> {
    const tenant = await this.data.tenants.findByTenancyName(tenancyName.trim());
    if (!tenant || tenant.deleted_at) return { state: TenantAvailabilityState.NotFound, tenantId: null, serverRootAddress: null };
    if (!tenant.is_active) return { state: TenantAvailabilityState.InActive, tenantId: null, serverRootAddress: null };
    return { state: TenantAvailabilityState.Available, tenantId: tenant.id, serverRootAddress: `${this.publicUrl}/` };
  }

  /** The id of a live, active tenant by tenancy name; null for anything else (and for nothing given). */
  async resolveId(tenancyName: string | null | undefined): Promise<number | null> {
    if (!tenancyName?.trim()) return null;
    const found = await this.availability(tenancyName);
    return found.tenantId;
  }
}
