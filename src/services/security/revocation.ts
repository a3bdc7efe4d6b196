import type { Queries } from '../../data/index.js';
import { HOST_TENANT_ID } from '../../domain/caller.js';
import { subject } from './credential-gate.js';

/**
 * Writes, inside the caller's transaction, what ends credentials at once and for good: sessions, API keys and
 * unused single-use tokens (login links, switch tokens) are revoked in their tables — so a later reactivation
 * or restore, which only lifts a block, revives none of them — and security events tell every instance's gate
 * (so access tokens and cached keys die). Call `gate.sync()` after the transaction commits.
 */
export const revocation = {
  async session(tx: Queries, tenantId: number, sessionId: string): Promise<void> {
    await tx.sessions.revoke(tenantId, sessionId);
    await tx.securityEvents.append([{ tenantId, kind: 'revoke', subject: subject.session(sessionId) }]);
  },

  /** Ends every credential of the user issued until now (password change or reset, deactivation, deletion). */
  async user(tx: Queries, tenantId: number, userId: number, options: { block?: boolean } = {}): Promise<void> {
    await tx.sessions.revokeAll(tenantId, userId);
    await tx.oneTimeTokens.voidAll(tenantId, userId);
    await tx.twoFactor.forgetRememberedClients(tenantId, userId);
    const keys = await tx.apiKeys.revokeAll(tenantId, userId);
    await tx.securityEvents.append([
      ...keys.map((id) => ({ tenantId, kind: 'revoke' as const, subject: subject.apiKey(id) })),
      { tenantId, kind: 'revoke', subject: subject.user(userId) },
      ...(options.block ? [{ tenantId, kind: 'block' as const, subject: subject.user(userId) }] : []),
    ]);
  },

  /** Ends every credential of every user of the tenant for good and blocks it (suspension, deletion). */
  async tenant(tx: Queries, tenantId: number): Promise<void> {
    await tx.sessions.revokeAll(tenantId);
    await tx.oneTimeTokens.voidAll(tenantId);
    await tx.twoFactor.forgetRememberedClients(tenantId);
    const keys = await tx.apiKeys.revokeAll(tenantId);
    await tx.securityEvents.append([
      ...keys.map((id) => ({ tenantId, kind: 'revoke' as const, subject: subject.apiKey(id) })),
      { tenantId, kind: 'revoke', subject: subject.tenant(tenantId) },
      { tenantId, kind: 'block', subject: subject.tenant(tenantId) },
    ]);
  },

  /** Lifts a block after the tables say the subject may act again (resume, restore, reactivation). */
  async unblockTenant(tx: Queries, tenantId: number): Promise<void> {
    await tx.securityEvents.append([{ tenantId, kind: 'unblock', subject: subject.tenant(tenantId) }]);
  },

  async unblockUser(tx: Queries, tenantId: number, userId: number): Promise<void> {
    await tx.securityEvents.append([{ tenantId, kind: 'unblock', subject: subject.user(userId) }]);
  },

  /** Ends an API key (deletion) at once on every instance: the row says so, and the event tells every gate. */
  async apiKey(tx: Queries, tenantId: number, keyId: number): Promise<void> {
    await tx.apiKeys.revoke(tenantId, keyId);
    await tx.securityEvents.append([{ tenantId, kind: 'revoke', subject: subject.apiKey(keyId) }]);
  },

  /** An API key's paths, name or expiry changed: every instance must drop what it cached of it. */
  async apiKeyChanged(tx: Queries, tenantId: number, keyId: number): Promise<void> {
    await tx.securityEvents.append([{ tenantId, kind: 'changed', subject: subject.apiKey(keyId) }]);
  },

  /** The tenant's own settings that its keys carry (rate limits) changed: every instance re-reads its keys. */
  async tenantChanged(tx: Queries, tenantId: number): Promise<void> {
    await tx.securityEvents.append([{ tenantId, kind: 'changed', subject: subject.tenant(tenantId) }]);
  },

  /** What a role of the tenant grants changed (or the role is gone): every cached caller of the tenant is dropped. */
  async rolesChanged(tx: Queries, tenantId: number): Promise<void> {
    await tx.securityEvents.append([{ tenantId, kind: 'changed', subject: subject.tenant(tenantId) }]);
  },

  /** The host's tenant configuration changed: every instance drops its cached copy. */
  async hostConfigurationChanged(tx: Queries): Promise<void> {
    await tx.securityEvents.append([{ tenantId: HOST_TENANT_ID, kind: 'changed', subject: subject.hostConfiguration() }]);
  },

  /** The user's roles or profile changed: caches of it must be dropped everywhere. */
  async userChanged(tx: Queries, tenantId: number, userId: number): Promise<void> {
    await tx.securityEvents.append([{ tenantId, kind: 'changed', subject: subject.user(userId) }]);
  },
};
