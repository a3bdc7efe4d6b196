import { sql, type Selectable } from 'kysely';
import type { Executor } from './executor.js';
import type { OneTimeTokenTable } from './tables/foundation.js';

export type OneTimeTokenRow = Selectable<OneTimeTokenTable>;

export function oneTimeTokenQueries(db: Executor) {
  return {
    async insert(token: {
      tenantId: number;
      id: string;
      userId: number;
      purpose: string;
      tokenHash: Buffer;
      expiresAt: Date;
      issuedByTenantId?: number | null;
      issuedByUserId?: number | null;
      viaApiKey?: { tenantId: number; id: number } | null;
      impersonatorSessionId?: string | null;
    }): Promise<void> {
      await db
        .insertInto('one_time_tokens')
        .values({
          tenant_id: token.tenantId,
          id: token.id,
          user_id: token.userId,
          purpose: token.purpose,
          token_hash: token.tokenHash,
          expires_at: token.expiresAt,
          issued_by_tenant_id: token.issuedByTenantId ?? null,
          issued_by_user_id: token.issuedByUserId ?? null,
          via_api_key_tenant_id: token.viaApiKey?.tenantId ?? null,
          via_api_key_id: token.viaApiKey?.id ?? null,
          impersonator_session_id: token.impersonatorSessionId ?? null,
        })
        .execute();
    },

    async find(tenantId: number, id: string): Promise<OneTimeTokenRow | undefined> {
      return db.selectFrom('one_time_tokens').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    },

    /** Ends every unused token of a user, or of every user of a tenant, for good (revocation). */
    async voidAll(tenantId: number, userId?: number): Promise<void> {
      let query = db.updateTable('one_time_tokens').set({ used_at: sql`now()` }).where('tenant_id', '=', tenantId).where('used_at', 'is', null);
      if (userId !== undefined) query = query.where('user_id', '=', userId);
      await query.execute();
    },

    /** Uses the token up if it is still unused and unexpired; answers false otherwise (atomic: one winner). */
    async consume(tenantId: number, id: string): Promise<boolean> {
      const result = await db
        .updateTable('one_time_tokens')
        .set({ used_at: sql`now()` })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .where('expires_at', '>', sql<Date>`now()`)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /**
     * Housekeeping: deletes up to `limit` tokens used or expired more than `retentionDays` ago, in one short
     * statement; answers how many. Such a token is refused whether it is kept or not.
     */
    async deleteSpent(retentionDays: number, limit: number): Promise<number> {
      const result = await sql`
        delete from one_time_tokens where (tenant_id, id) in (
          select tenant_id, id from one_time_tokens
           where used_at < now() - make_interval(days => ${retentionDays}) or expires_at < now() - make_interval(days => ${retentionDays})
           limit ${limit})`.execute(db);
      return Number(result.numAffectedRows ?? 0n);
    },
  };
}

export type OneTimeTokenQueries = ReturnType<typeof oneTimeTokenQueries>;
