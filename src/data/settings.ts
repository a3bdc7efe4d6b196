import { sql, type Selectable, type Updateable } from 'kysely';
import type { Executor } from './executor.js';
import type { TenantSettingsTable } from './tables/foundation.js';

export type SettingsRow = Selectable<TenantSettingsTable>;
export type SettingsChanges = Omit<Updateable<TenantSettingsTable>, 'tenant_id' | 'modified_at'>;

/** Per-tenant settings; the host's row (tenant 0) holds the defaults new tenants inherit. */
export function settingsQueries(db: Executor) {
  return {
    async find(tenantId: number): Promise<SettingsRow | undefined> {
      return db.selectFrom('tenant_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
    },

    /** Copies the defaults' country, time zone and currency, then applies the given overrides. */
    async createForTenant(
      tenantId: number,
      defaultsTenantId: number,
      overrides: { defaultCountryCode?: string | null; timezone?: string | null; currency?: string | null },
    ): Promise<void> {
      const defaults = await this.find(defaultsTenantId);
      await db
        .insertInto('tenant_settings')
        .values({
          tenant_id: tenantId,
          default_country_code: overrides.defaultCountryCode ?? defaults?.default_country_code ?? null,
          timezone: overrides.timezone ?? defaults?.timezone ?? null,
          currency: overrides.currency ?? defaults?.currency ?? null,
        })
        .execute();
    },

    async update(tenantId: number, changes: SettingsChanges): Promise<SettingsRow | undefined> {
      return db
        .updateTable('tenant_settings')
        .set({ ...changes, modified_at: sql`now()` })
        .where('tenant_id', '=', tenantId)
        .returningAll()
        .executeTakeFirst();
    },
  };
}

export type SettingsQueries = ReturnType<typeof settingsQueries>;
