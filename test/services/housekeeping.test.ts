import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { Housekeeping, HOUSEKEEPING_BATCH } from '../../src/services/housekeeping/housekeeping.js';
import type { ServiceLog } from '../../src/services/log.js';
import { NO_METRICS, type ServiceMetrics } from '../../src/services/metrics/service-metrics.js';
import { testEngines } from '../helpers/engines.js';
import { createTenant } from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const TOPIC = 'housekeeping-test';
const EVENT = '/api/services/Platform/Event';
const DAY = 'make_interval(days => 1)';

/** A housekeeping of its own, recording each batch it deletes and the line it logs per run. */
function housekeepingOf(t: TestApp) {
  const batches: { table: string; rows: number }[] = [];
  const lines: { details: Record<string, unknown>; message: string }[] = [];
  const log: ServiceLog = { info: (details, message) => lines.push({ details, message }), warn: () => {}, error: () => {} };
  const metrics: ServiceMetrics = { ...NO_METRICS, housekeepingDeleted: (table, rows) => batches.push({ table, rows }) };
  const housekeeping = new Housekeeping(t.data, { intervalMinutes: 60, outboxRetentionDays: 7, sessionRetentionDays: 30, eventExecutionRetentionDays: 30 }, log, metrics);
  return { housekeeping, batches, lines };
}

for (const engine of testEngines()) {
  describe(`housekeeping on ${engine.name}`, () => {
    let t: TestApp;
    let tenantId: number;
    let userId: number;
    let password: string;
    let tenancyName: string;
    before(async () => {
      t = await startTestApp(engine);
      // The instance's own runs are stopped: every deletion below comes from the run the test starts.
      await t.internals.housekeeping.stop();
      const tenant = await createTenant(t);
      tenantId = tenant.tenant.id;
      userId = tenant.admin.id;
      password = tenant.password;
      tenancyName = tenant.tenant.tenancy_name;
    });
    after(() => t.close());

    /** Outbox rows of the test's topic, by their state, created and delivered `days` ago. */
    const outboxRows = async (state: 'delivered' | 'pending' | 'failed', days: number, count = 1): Promise<number[]> => {
      const { rows } = await sql<{ id: number }>`
        insert into outbox (tenant_id, topic, payload, created_at, available_at, delivered_at, failed_at, attempts)
        select ${tenantId}, ${TOPIC}, '{}'::jsonb, now() - ${days} * ${sql.raw(DAY)}, now() - ${days} * ${sql.raw(DAY)},
               ${state === 'delivered' ? sql`now() - ${days} * ${sql.raw(DAY)}` : null},
               ${state === 'failed' ? sql`now() - ${days} * ${sql.raw(DAY)}` : null},
               ${state === 'pending' ? 0 : 1}
          from generate_series(1, ${count})
        returning id`.execute(t.database.db);
      return rows.map((r) => Number(r.id));
    };
    const outboxKept = async (ids: number[]): Promise<number[]> => {
      const { rows } = await sql<{ id: number }>`select id from outbox where tenant_id = ${tenantId} and id = any(${ids})`.execute(t.database.db);
      return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
    };

    it('deletes delivered outbox messages past the retention, batch after batch, and keeps recent and undelivered ones of any age', async () => {
      const old = await outboxRows('delivered', 8, HOUSEKEEPING_BATCH * 2 + 5);
      const recent = await outboxRows('delivered', 6);
      const pending = await outboxRows('pending', 400);
      const givenUp = await outboxRows('failed', 400);
      const { housekeeping, batches, lines } = housekeepingOf(t);

      const counts = await housekeeping.run();

      assert.equal(counts.outbox, old.length);
      assert.deepEqual(await outboxKept(old), []);
      const kept = [...recent, ...pending, ...givenUp].sort((a, b) => a - b);
      assert.deepEqual(await outboxKept(kept), kept);
      // Three statements: two full batches and the short last one.
      assert.deepEqual(
        batches.filter((b) => b.table === 'outbox').map((b) => b.rows),
        [HOUSEKEEPING_BATCH, HOUSEKEEPING_BATCH, 5],
      );
      assert.equal(lines.length, 1);
      assert.deepEqual((lines[0]!.details as { deleted: unknown }).deleted, counts);

      assert.equal((await housekeeping.run()).outbox, 0, 'a second run finds nothing left to delete');
    });

    it('deletes idempotency keys older than their 24 hours and keeps younger ones, answered or not', async () => {
      const key = (name: string) => ({ tenantId, userId, key: `${name}-${randomUUID()}` });
      const claim = async (id: ReturnType<typeof key>, hoursAgo: number, answered: boolean) => {
        const claimed = await t.data.idempotencyKeys.claim(id, { method: 'Test/Method', fingerprint: Buffer.from('f') }, { retentionSeconds: 86_400, abandonedSeconds: 600 });
        assert.equal(claimed, undefined, 'a fresh key is claimed');
        if (answered) await t.data.idempotencyKeys.complete(id, { statusCode: 200, contentType: 'application/json', body: '{}' });
        await sql`update idempotency_keys set created_at = now() - make_interval(hours => ${hoursAgo})
                   where tenant_id = ${tenantId} and user_id = ${userId} and key = ${id.key}`.execute(t.database.db);
      };
      const expired = key('expired');
      const answered = key('answered');
      const unanswered = key('unanswered');
      await claim(expired, 25, true);
      await claim(answered, 23, true);
      await claim(unanswered, 2, false);
      const kept = async (id: ReturnType<typeof key>) =>
        (await sql`select 1 from idempotency_keys where tenant_id = ${tenantId} and user_id = ${userId} and key = ${id.key}`.execute(t.database.db)).rows.length === 1;

      const counts = await housekeepingOf(t).housekeeping.run();

      assert.equal(counts.idempotency_keys, 1);
      assert.equal(await kept(expired), false);
      assert.equal(await kept(answered), true);
      assert.equal(await kept(unanswered), true, 'an unanswered key within its window still holds its request');
    });

    it('deletes sessions ended longer ago than the retention, with their refresh tokens, and keeps live and lately ended ones', async () => {
      const session = async (expiresInDays: number, revokedDaysAgo?: number) => {
        const id = randomUUID();
        await t.data.sessions.open({ tenantId, id, userId, kind: 'token', expiresAt: new Date(Date.now() + expiresInDays * 86_400_000) });
        await t.data.sessions.insertRefreshToken({ tenantId, id: randomUUID(), sessionId: id, tokenHash: Buffer.from(id), expiresAt: new Date(Date.now() + expiresInDays * 86_400_000) });
        if (revokedDaysAgo !== undefined) {
          await sql`update sessions set revoked_at = now() - make_interval(days => ${revokedDaysAgo}) where tenant_id = ${tenantId} and id = ${id}`.execute(t.database.db);
        }
        return id;
      };
      const expiredLongAgo = await session(-31);
      const revokedLongAgo = await session(300, 31);
      const expiredLately = await session(-29);
      const revokedLately = await session(300, 1);
      const live = await session(300);
      const kept = async (id: string) => (await t.data.sessions.find(tenantId, id)) !== undefined;
      const refreshTokens = async (id: string) =>
        (await sql`select 1 from refresh_tokens where tenant_id = ${tenantId} and session_id = ${id}`.execute(t.database.db)).rows.length;

      const counts = await housekeepingOf(t).housekeeping.run();

      assert.equal(counts.sessions, 2);
      assert.equal(await kept(expiredLongAgo), false);
      assert.equal(await kept(revokedLongAgo), false);
      assert.equal(await refreshTokens(expiredLongAgo), 0);
      assert.equal(await refreshTokens(revokedLongAgo), 0);
      for (const id of [expiredLately, revokedLately, live]) {
        assert.equal(await kept(id), true);
        assert.equal(await refreshTokens(id), 1);
      }
    });

    it('deletes one-time tokens used or expired longer ago than the retention and keeps the others', async () => {
      const token = async (expiresInDays: number, usedDaysAgo?: number) => {
        const id = randomUUID();
        await t.data.oneTimeTokens.insert({ tenantId, id, userId, purpose: 'login', tokenHash: Buffer.from(id), expiresAt: new Date(Date.now() + expiresInDays * 86_400_000) });
        if (usedDaysAgo !== undefined) {
          await sql`update one_time_tokens set used_at = now() - make_interval(days => ${usedDaysAgo}) where tenant_id = ${tenantId} and id = ${id}`.execute(t.database.db);
        }
        return id;
      };
      const usedLongAgo = await token(300, 31);
      const expiredLongAgo = await token(-31);
      const usedLately = await token(300, 2);
      const expiredLately = await token(-1);
      const unused = await token(1);
      const kept = async (id: string) => (await t.data.oneTimeTokens.find(tenantId, id)) !== undefined;

      const counts = await housekeepingOf(t).housekeeping.run();

      assert.equal(counts.one_time_tokens, 2);
      assert.equal(await kept(usedLongAgo), false);
      assert.equal(await kept(expiredLongAgo), false);
      for (const id of [usedLately, expiredLately, unused]) assert.equal(await kept(id), true);
    });

    it('leaves the audit log alone, however old', async () => {
      const action = `housekeeping.test.${randomUUID()}`;
      await sql`insert into audit_log (tenant_id, action, target, at)
                values (${tenantId}, ${action}, 'test', now() - make_interval(days => 3650))`.execute(t.database.db);
      await housekeepingOf(t).housekeeping.run();
      const { rows } = await sql`select 1 from audit_log where tenant_id = ${tenantId} and action = ${action}`.execute(t.database.db);
      assert.equal(rows.length, 1);
    });

    /** A webhook subscription of the test's tenant, and a delivery attempt of it made `days` ago (of `messageId`, or of none). */
    const subscribe = () =>
      t.data.eventSubscriptions.insert({
        tenantId,
        eventName: 'ApiKey.Created',
        targetUrl: `https://receiver.example.com/hook/${randomUUID()}`,
        secretCiphertext: Buffer.from('not used'),
        createdByUserId: userId,
      });
    const attempt = (subscriptionId: number, days: number, messageId = 0) =>
      t.data.eventExecutions.append({
        tenant_id: tenantId,
        subscription_id: subscriptionId,
        outbox_id: messageId,
        event_id: randomUUID(),
        event_name: 'ApiKey.Created',
        attempt: 1,
        started_at: new Date(Date.now() - days * 86_400_000),
        duration_ms: 12,
        status_code: 200,
        succeeded: true,
        error: null,
      });

    it('keeps the delivery log of a deleted message: GetEventExecutions still lists it, and Redeliver answers 409 "no longer kept"', async () => {
      const subscription = await subscribe();
      const [messageId] = await outboxRows('delivered', 8);
      await attempt(subscription.id, 8, messageId!);
      await housekeepingOf(t).housekeeping.run();
      assert.deepEqual(await outboxKept([messageId!]), []);

      const token = await t.http.signIn('admin', password, tenancyName);
      const log = await t.http.get(`${EVENT}/GetEventExecutions?EventSubscriptionId=${subscription.id}`, { token });
      assert.equal(log.status, 200, log.text);
      assert.equal(log.body.totalCount, 1);
      const replay = await t.http.post(`${EVENT}/Redeliver`, { id: log.body.items[0].id }, { token });
      assert.equal(replay.status, 409, replay.text);
      assert.match(replay.text, /no longer kept/);
    });

    it('deletes delivery attempts older than EVENT_EXECUTION_RETENTION_DAYS and keeps younger ones', async () => {
      const subscription = await subscribe();
      for (const days of [31, 45, 29, 1]) await attempt(subscription.id, days);
      const { event_executions: deleted } = await housekeepingOf(t).housekeeping.run();
      assert.ok(deleted >= 2, `deleted ${deleted}`);
      const token = await t.http.signIn('admin', password, tenancyName);
      const log = await t.http.get(`${EVENT}/GetEventExecutions?EventSubscriptionId=${subscription.id}`, { token });
      assert.equal(log.status, 200, log.text);
      assert.equal(log.body.totalCount, 2, 'the attempts of 29 days and 1 day ago are kept');
    });

    it('deletes each old row once when two runs go at the same time', async () => {
      const old = await outboxRows('delivered', 10, HOUSEKEEPING_BATCH + 300);
      const [a, b] = await Promise.all([housekeepingOf(t).housekeeping.run(), housekeepingOf(t).housekeeping.run()]);
      assert.equal(a.outbox + b.outbox, old.length);
      assert.deepEqual(await outboxKept(old), []);
    });
  });
}
