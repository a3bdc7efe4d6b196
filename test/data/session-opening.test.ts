import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { whileHoldingIdempotencyKey } from '../../src/data/idempotency-commit-marks.js';
import type { AuditEntry } from '../../src/data/audit-log.js';
import { HOST_TENANT_ID } from '../../src/domain/caller.js';
import { testEngines } from '../helpers/engines.js';
import { unique } from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * A session, its refresh token and its audit entry are written by one statement (`sessions.open` through
 * `singleStatement`): all of them or none, and inside a request holding an Idempotency-Key the statement still
 * commits the key's mark with it.
 */
for (const engine of testEngines()) {
  describe(`opening a session in one statement on ${engine.name}`, () => {
    let t: TestApp;
    let adminId: number;
    before(async () => {
      t = await startTestApp(engine);
      adminId = (await t.data.users.findByUserNameOrEmail(HOST_TENANT_ID, 'admin'))!.id;
    });
    after(() => t.close());

    const sessionOf = (id: string) => ({ tenantId: HOST_TENANT_ID, id, userId: adminId, kind: 'token' as const, expiresAt: new Date(Date.now() + 3_600_000) });
    const tokenOf = (id: string, sessionId: string) => ({ tenantId: HOST_TENANT_ID, id, sessionId, tokenHash: randomBytes(32), expiresAt: new Date(Date.now() + 3_600_000) });
    const entryOf = (target: string): AuditEntry => ({ tenantId: HOST_TENANT_ID, action: 'sign_in.succeeded', target, clientIp: '192.0.2.1', userAgent: 'test' });
    const stored = async (sessionId: string, tokenId: string, target: string) => ({
      session: Boolean(await t.data.sessions.find(HOST_TENANT_ID, sessionId)),
      refreshToken: Boolean(await t.data.sessions.findRefreshToken(HOST_TENANT_ID, tokenId)),
      audit: Boolean(await t.database.db.selectFrom('audit_log').select('id').where('target', '=', target).executeTakeFirst()),
    });

    it('writes the session, its refresh token and its audit entry together', async () => {
      const [sessionId, tokenId, target] = [crypto.randomUUID(), crypto.randomUUID(), `test:${unique()}`];
      await t.data.singleStatement((q) => q.sessions.open(sessionOf(sessionId), { refreshToken: tokenOf(tokenId, sessionId), audit: entryOf(target) }));
      assert.deepEqual(await stored(sessionId, tokenId, target), { session: true, refreshToken: true, audit: true });
    });

    it('writes none of them when one cannot be written', async () => {
      const [first, tokenId] = [crypto.randomUUID(), crypto.randomUUID()];
      await t.data.singleStatement((q) => q.sessions.open(sessionOf(first), { refreshToken: tokenOf(tokenId, first) }));
      const [second, target] = [crypto.randomUUID(), `test:${unique()}`];
      // The refresh token's id is taken: the whole statement fails.
      await assert.rejects(t.data.singleStatement((q) => q.sessions.open(sessionOf(second), { refreshToken: tokenOf(tokenId, second), audit: entryOf(target) })));
      assert.deepEqual(await stored(second, crypto.randomUUID(), target), { session: false, refreshToken: false, audit: false });
    });

    it('commits the mark of a held Idempotency-Key with the statement, and no mark when it fails', async () => {
      const claimKey = async () => {
        const id = { tenantId: HOST_TENANT_ID, userId: adminId, key: unique('key') };
        assert.equal(await t.data.idempotencyKeys.claim(id, { method: 'test', fingerprint: randomBytes(32) }, { retentionSeconds: 86_400, abandonedSeconds: 120 }), undefined);
        return id;
      };
      const committedAt = async (id: { key: string }) =>
        (await t.database.db.selectFrom('idempotency_keys').select('committed_at').where('key', '=', id.key).executeTakeFirstOrThrow()).committed_at;

      const held = await claimKey();
      const sessionId = crypto.randomUUID();
      await whileHoldingIdempotencyKey(held, () => t.data.singleStatement((q) => q.sessions.open(sessionOf(sessionId), { refreshToken: tokenOf(crypto.randomUUID(), sessionId) })));
      assert.notEqual(await committedAt(held), null, 'the write counts as the request’s change');

      const failing = await claimKey();
      const duplicate = crypto.randomUUID();
      await t.data.singleStatement((q) => q.sessions.open(sessionOf(duplicate)));
      await assert.rejects(whileHoldingIdempotencyKey(failing, () => t.data.singleStatement((q) => q.sessions.open(sessionOf(duplicate)))));
      assert.equal(await committedAt(failing), null, 'nothing committed, so no mark');
    });
  });
}
