import { sql, type Selectable } from 'kysely';
import { auditLogRow, type AuditEntry } from './audit-log.js';
import type { Executor } from './executor.js';
import type { RefreshTokenTable, SessionTable } from './tables/foundation.js';

export type SessionRow = Selectable<SessionTable>;
export type RefreshTokenRow = Selectable<RefreshTokenTable>;

export interface NewSession {
  tenantId: number;
  id: string;
  userId: number;
  kind: SessionRow['kind'];
  secretHash?: Buffer | null;
  expiresAt: Date;
  origin?: SessionRow['origin'];
  apiKey?: { tenantId: number; id: number } | null;
  /** An impersonated session's impersonator and the impersonator's own session. */
  impersonator?: { tenantId: number; userId: number; sessionId: string } | null;
  clientIp?: string | null;
  userAgent?: string | null;
}

export interface NewRefreshToken {
  tenantId: number;
  id: string;
  sessionId: string;
  tokenHash: Buffer;
  expiresAt: Date;
}

function sessionRow(session: NewSession) {
  return {
    tenant_id: session.tenantId,
    id: session.id,
    user_id: session.userId,
    kind: session.kind,
    secret_hash: session.secretHash ?? null,
    expires_at: session.expiresAt,
    origin: session.origin ?? 'password',
    api_key_tenant_id: session.apiKey?.tenantId ?? null,
    api_key_id: session.apiKey?.id ?? null,
    impersonator_tenant_id: session.impersonator?.tenantId ?? null,
    impersonator_user_id: session.impersonator?.userId ?? null,
    impersonator_session_id: session.impersonator?.sessionId ?? null,
    client_ip: session.clientIp ?? null,
    user_agent: session.userAgent ?? null,
  };
}

function refreshTokenRow(token: NewRefreshToken) {
  return { tenant_id: token.tenantId, id: token.id, session_id: token.sessionId, token_hash: token.tokenHash, expires_at: token.expiresAt };
}

/** Sign-in sessions and the refresh tokens that extend them. */
export function sessionQueries(db: Executor) {
  return {
    /**
     * Opens a session with, when given, its refresh token and the audit entry that records it, in one statement
     * (data-modifying CTEs: every row or none). A sign-in's session is its hottest write: the inserts in a
     * transaction were up to five round trips.
     */
    async open(session: NewSession, also: { refreshToken?: NewRefreshToken | undefined; audit?: AuditEntry | undefined } = {}): Promise<void> {
      const { refreshToken, audit } = also;
      const opened = db.with('opened', (q) => q.insertInto('sessions').values(sessionRow(session)));
      if (refreshToken && audit) {
        await opened
          .with('refreshed', (q) => q.insertInto('refresh_tokens').values(refreshTokenRow(refreshToken)))
          .insertInto('audit_log')
          .values(auditLogRow(audit))
          .execute();
      } else if (refreshToken) {
        await opened.insertInto('refresh_tokens').values(refreshTokenRow(refreshToken)).execute();
      } else if (audit) {
        await opened.insertInto('audit_log').values(auditLogRow(audit)).execute();
      } else {
        await db.insertInto('sessions').values(sessionRow(session)).execute();
      }
    },

    async find(tenantId: number, id: string): Promise<SessionRow | undefined> {
      return db.selectFrom('sessions').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    },

    /** Marks the session revoked; answers whether it was live. */
    async revoke(tenantId: number, id: string): Promise<boolean> {
      const result = await db
        .updateTable('sessions')
        .set({ revoked_at: sql`now()` })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** Revokes every live session of a user, or of every user of a tenant; answers the revoked ids. */
    async revokeAll(tenantId: number, userId?: number): Promise<string[]> {
      let query = db
        .updateTable('sessions')
        .set({ revoked_at: sql`now()` })
        .where('tenant_id', '=', tenantId)
        .where('revoked_at', 'is', null);
      if (userId !== undefined) query = query.where('user_id', '=', userId);
      const rows = await query.returning('id').execute();
      return rows.map((r) => r.id);
    },

    async insertRefreshToken(token: NewRefreshToken): Promise<void> {
      await db.insertInto('refresh_tokens').values(refreshTokenRow(token)).execute();
    },

    async findRefreshToken(tenantId: number, id: string): Promise<RefreshTokenRow | undefined> {
      return db.selectFrom('refresh_tokens').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    },

    /** Uses a refresh token up; answers false when it had already been used (a replay). */
    async consumeRefreshToken(tenantId: number, id: string): Promise<boolean> {
      const result = await db
        .updateTable('refresh_tokens')
        .set({ used_at: sql`now()` })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /**
     * Housekeeping: deletes up to `limit` sessions that expired or were revoked more than `retentionDays` ago
     * (their refresh tokens go with them), in one short statement; answers how many. Such a session signs no one
     * in again: a missing session is refused as an ended one is.
     */
    async deleteEnded(retentionDays: number, limit: number): Promise<number> {
      const result = await sql`
        delete from sessions where (tenant_id, id) in (
          select tenant_id, id from sessions
           where expires_at < now() - make_interval(days => ${retentionDays}) or revoked_at < now() - make_interval(days => ${retentionDays})
           limit ${limit})`.execute(db);
      return Number(result.numAffectedRows ?? 0n);
    },
  };
}

export type SessionQueries = ReturnType<typeof sessionQueries>;
