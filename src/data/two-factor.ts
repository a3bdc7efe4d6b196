import { sql, type Selectable } from 'kysely';
import type { Executor } from './executor.js';
import type { TenantTwoFactorSettingsTable, TwoFactorRememberedClientTable, UserTwoFactorTable } from './tables/two-factor.js';

/** A user's two-factor row as read: the recovery codes only counted (their hashes are never read back). */
export type UserTwoFactorRow = Omit<Selectable<UserTwoFactorTable>, 'recovery_code_hashes'> & { recovery_codes_left: number };
export type RememberedClientRow = Selectable<TwoFactorRememberedClientTable>;
export type TwoFactorSettingsRow = Selectable<TenantTwoFactorSettingsTable>;

/** Users' authenticator apps, their recovery codes and remembered browsers; tenants' two-factor settings. */
export function twoFactorQueries(db: Executor) {
  const mine = (tenantId: number, userId: number) => db.updateTable('user_two_factor').where('tenant_id', '=', tenantId).where('user_id', '=', userId);
  return {
    async find(tenantId: number, userId: number): Promise<UserTwoFactorRow | undefined> {
      const row = await db
        .selectFrom('user_two_factor')
        .select(['tenant_id', 'user_id', 'secret_encrypted', 'enabled_at', 'last_used_step', 'created_at'])
        .select(sql<number>`cardinality(recovery_code_hashes)`.as('recovery_codes_left'))
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row && { ...row, recovery_codes_left: Number(row.recovery_codes_left) };
    },

    /** Stores a new pending secret; answers false when two-factor sign-in is already enabled (nothing changes). */
    async beginEnrolment(tenantId: number, userId: number, secretEncrypted: Buffer): Promise<boolean> {
      const row = await db
        .insertInto('user_two_factor')
        .values({ tenant_id: tenantId, user_id: userId, secret_encrypted: secretEncrypted })
        .onConflict((oc) =>
          oc
            .columns(['tenant_id', 'user_id'])
            .doUpdateSet({ secret_encrypted: secretEncrypted, created_at: sql`now()`, last_used_step: null, recovery_code_hashes: [] })
            .where('user_two_factor.enabled_at', 'is', null),
        )
        .returning('user_id')
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Turns a pending enrolment on, with the time step of the confirming code and the recovery codes' hashes. */
    async confirm(tenantId: number, userId: number, step: number, recoveryCodeHashes: Buffer[]): Promise<boolean> {
      const result = await mine(tenantId, userId)
        .set({ enabled_at: sql`now()`, last_used_step: step, recovery_code_hashes: recoveryCodeHashes })
        .where('enabled_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** Records that a code of `step` was used; false when that step or a later one was used already (a replay). */
    async claimTimeStep(tenantId: number, userId: number, step: number): Promise<boolean> {
      const result = await mine(tenantId, userId)
        .set({ last_used_step: step })
        .where('enabled_at', 'is not', null)
        .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', String(step))]))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** Uses a recovery code up (atomic: one winner); false when no unused code has that hash. */
    async useRecoveryCode(tenantId: number, userId: number, codeHash: Buffer): Promise<boolean> {
      const result = await mine(tenantId, userId)
        .set({ recovery_code_hashes: sql`array_remove(recovery_code_hashes, ${codeHash})` })
        .where('enabled_at', 'is not', null)
        .where(sql<boolean>`${codeHash} = any (recovery_code_hashes)`)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** Ends the user's two-factor sign-in, and with it every remembered browser (cascade); false when there was none. */
    async remove(tenantId: number, userId: number): Promise<boolean> {
      const rows = await db.deleteFrom('user_two_factor').where('tenant_id', '=', tenantId).where('user_id', '=', userId).returning('user_id').execute();
      return rows.length > 0;
    },

    async rememberClient(client: { tenantId: number; id: string; userId: number; tokenHash: Buffer; expiresAt: Date }): Promise<void> {
      await db
        .insertInto('two_factor_remembered_clients')
        .values({ tenant_id: client.tenantId, id: client.id, user_id: client.userId, token_hash: client.tokenHash, expires_at: client.expiresAt })
        .execute();
    },

    async findRememberedClient(tenantId: number, id: string): Promise<RememberedClientRow | undefined> {
      return db.selectFrom('two_factor_remembered_clients').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    },

    /** Forgets every remembered browser of a user, or of every user of a tenant (password change, revocation). */
    async forgetRememberedClients(tenantId: number, userId?: number): Promise<void> {
      let query = db.deleteFrom('two_factor_remembered_clients').where('tenant_id', '=', tenantId);
      if (userId !== undefined) query = query.where('user_id', '=', userId);
      await query.execute();
    },

    async findSettings(tenantId: number): Promise<TwoFactorSettingsRow | undefined> {
      return db.selectFrom('tenant_two_factor_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
    },

    async saveSettings(tenantId: number, settings: { isRequiredForAdmins: boolean; isRememberBrowserEnabled: boolean }): Promise<TwoFactorSettingsRow> {
      const values = { is_required_for_admins: settings.isRequiredForAdmins, is_remember_browser_enabled: settings.isRememberBrowserEnabled };
      return db
        .insertInto('tenant_two_factor_settings')
        .values({ tenant_id: tenantId, ...values })
        .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ ...values, modified_at: sql`now()` }))
        .returningAll()
        .executeTakeFirstOrThrow();
    },
  };
}

export type TwoFactorQueries = ReturnType<typeof twoFactorQueries>;
