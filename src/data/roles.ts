import type { Selectable } from 'kysely';
import type { Executor } from './executor.js';
import type { RoleTable } from './tables/foundation.js';

export type RoleRow = Selectable<RoleTable>;

export function roleQueries(db: Executor) {
  return {
    async insert(role: { tenantId: number; name: string; displayName: string; isStatic: boolean; isDefault: boolean; permissions: readonly string[] }): Promise<RoleRow> {
      return db
        .insertInto('roles')
        .values({
          tenant_id: role.tenantId,
          name: role.name,
          display_name: role.displayName,
          is_static: role.isStatic,
          is_default: role.isDefault,
          permissions: [...role.permissions],
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    async findByName(tenantId: number, name: string): Promise<RoleRow | undefined> {
      return db.selectFrom('roles').selectAll().where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
    },

    async listForTenant(tenantId: number): Promise<RoleRow[]> {
      return db.selectFrom('roles').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
    },

    async setPermissions(tenantId: number, roleId: number, permissions: readonly string[]): Promise<void> {
      await db.updateTable('roles').set({ permissions: [...permissions] }).where('tenant_id', '=', tenantId).where('id', '=', roleId).execute();
    },

    async assign(tenantId: number, userId: number, roleId: number): Promise<void> {
      await db
        .insertInto('user_roles')
        .values({ tenant_id: tenantId, user_id: userId, role_id: roleId })
        .onConflict((oc) => oc.doNothing())
        .execute();
    },

    async listRoleNamesOfUser(tenantId: number, userId: number): Promise<string[]> {
      const rows = await db
        .selectFrom('user_roles')
        .innerJoin('roles', (join) =>
          join.onRef('roles.tenant_id', '=', 'user_roles.tenant_id').onRef('roles.id', '=', 'user_roles.role_id'),
        )
        .select('roles.name')
        .where('user_roles.tenant_id', '=', tenantId)
        .where('user_roles.user_id', '=', userId)
        .execute();
      return rows.map((r) => r.name);
    },
  };
}

export type RoleQueries = ReturnType<typeof roleQueries>;
