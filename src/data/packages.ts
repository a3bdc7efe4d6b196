import type { Selectable } from 'kysely';
import type { Executor } from './executor.js';
import type { PackageTable } from './tables/packages.js';

export type PackageRow = Selectable<PackageTable>;

/** The package catalogue (host-owned) and the packages installed per tenant. */
export function packageQueries(db: Executor) {
  return {
    async list(): Promise<PackageRow[]> {
      return db.selectFrom('packages').selectAll().orderBy('name').execute();
    },

    async find(id: string): Promise<PackageRow | undefined> {
      return db.selectFrom('packages').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** The ids among `ids` that are in the catalogue. */
    async existingIds(ids: readonly string[]): Promise<string[]> {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('packages').select('id').where('id', 'in', [...ids]).execute();
      return rows.map((r) => r.id);
    },

    async insert(row: { id: string; name: string; description: string }): Promise<PackageRow> {
      return db.insertInto('packages').values(row).returningAll().executeTakeFirstOrThrow();
    },

    async delete(id: string): Promise<boolean> {
      const result = await db.deleteFrom('packages').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    /** How many tenants (deleted ones included, until purged) have the package installed. */
    async countInstallations(packageId: string): Promise<number> {
      const row = await db
        .selectFrom('tenant_packages')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('package_id', '=', packageId)
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    async install(tenantId: number, packageIds: readonly string[], installedByUserId: number | null): Promise<void> {
      if (packageIds.length === 0) return;
      await db
        .insertInto('tenant_packages')
        .values(packageIds.map((packageId) => ({ tenant_id: tenantId, package_id: packageId, installed_by_user_id: installedByUserId })))
        .onConflict((oc) => oc.columns(['tenant_id', 'package_id']).doNothing())
        .execute();
    },

    async listInstalled(tenantId: number): Promise<string[]> {
      const rows = await db.selectFrom('tenant_packages').select('package_id').where('tenant_id', '=', tenantId).orderBy('package_id').execute();
      return rows.map((r) => r.package_id);
    },
  };
}

export type PackageQueries = ReturnType<typeof packageQueries>;
