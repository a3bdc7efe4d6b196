import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { MAIL_TOPIC } from '../../src/domain/mail.js';
import { generateKey } from '../helpers/api-key-fixtures.js';
import { testEngines } from '../helpers/engines.js';
import { createTenant, unique } from '../helpers/fixtures.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.js';
import { parseExposition, type Exposition } from '../helpers/prometheus-text.js';
import { waitFor } from '../helpers/wait-for.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';
import { WHO_AM_I } from '../helpers/http.js';
import { projectRoot } from '../helpers/project-root.js';

const TOKEN = 'metrics-token-0123456789-abcdefghijklmnop';
const AUTH = '/api/TokenAuth/Authenticate';
const SIGN_INS_PER_ACCOUNT = 3;
const env = {
  METRICS_ENABLED: 'true',
  METRICS_TOKEN: TOKEN,
  LOCKOUT_MAX_FAILURES: '2',
  SIGN_IN_LIMIT_PER_MINUTE: String(SIGN_INS_PER_ACCOUNT),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  OUTBOX_POLL_MS: '600000',
  OUTBOX_RETRY_BASE_MS: '20',
  OUTBOX_RETRY_MAX_MS: '50',
  OUTBOX_MAX_ATTEMPTS: '2',
};

for (const engine of testEngines()) {
  describe(`Prometheus metrics on ${engine.name}`, () => {
    let t: TestApp;
    const receiver = new WebhookReceiver();
    before(async () => {
      t = await startTestApp(engine, env);
      await receiver.start();
    });
    after(async () => {
      await t.close();
      await receiver.stop();
    });

    const scrape = async (): Promise<Exposition> => {
      const answer = await t.http.get('/metrics', { token: TOKEN });
      assert.equal(answer.status, 200, answer.text);
      assert.match(answer.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      return parseExposition(answer.text);
    };

    it('is not there unless METRICS_ENABLED (404, as any unknown path)', async () => {
      const off = await startTestApp(engine);
      try {
        assert.equal((await off.http.get('/metrics')).status, 404);
        assert.equal((await off.http.get('/metrics', { token: TOKEN })).status, 404);
      } finally {
        await off.close();
      }
    });

    it('asks for the bearer token: 401 without one or with a wrong one, and says how to authenticate', async () => {
      const none = await t.http.get('/metrics');
      assert.equal(none.status, 401);
      assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="metrics"');
      assert.equal(none.body.error.code, 'unauthenticated');
      assert.doesNotMatch(none.text, /tenantry_/);
      const wrong = await t.http.get('/metrics', { token: `${TOKEN}x` });
      assert.equal(wrong.status, 401);
      assert.doesNotMatch(wrong.text, /tenantry_/);
      // An access token of the host admin is not the metrics token either.
      const adminToken = await t.http.signIn('admin', HOST_ADMIN_PASSWORD);
      assert.equal((await t.http.get('/metrics', { token: adminToken })).status, 401);
    });

    it('parses as the text exposition format, with every family typed and the process metrics', async () => {
      const metrics = await scrape();
      for (const [family, type] of [
        ['tenantry_http_requests_total', 'counter'],
        ['tenantry_http_request_duration_seconds', 'histogram'],
        ['tenantry_http_errors_total', 'counter'],
        ['tenantry_db_query_duration_seconds', 'histogram'],
        ['tenantry_db_pool_connections', 'gauge'],
        ['tenantry_db_pool_idle_connections', 'gauge'],
        ['tenantry_db_pool_waiting_requests', 'gauge'],
        ['tenantry_outbox_messages', 'gauge'],
        ['tenantry_outbox_oldest_pending_seconds', 'gauge'],
        ['tenantry_outbox_deliveries_total', 'counter'],
        ['tenantry_sign_in_failures_total', 'counter'],
        ['tenantry_lockouts_total', 'counter'],
        ['tenantry_rate_limit_rejections_total', 'counter'],
        ['tenantry_housekeeping_deleted_rows_total', 'counter'],
        ['process_cpu_user_seconds_total', 'counter'],
        ['process_resident_memory_bytes', 'gauge'],
        ['nodejs_eventloop_lag_seconds', 'gauge'],
        ['nodejs_heap_size_used_bytes', 'gauge'],
      ]) {
        assert.equal(metrics.types.get(family!), type, family);
      }
      // The ready Grafana dashboard (docs/operations.md) has a panel for every family of ours.
      const dashboard = JSON.parse(readFileSync(path.join(projectRoot, 'docs', 'grafana-dashboard.json'), 'utf8'));
      const queries = JSON.stringify(dashboard.panels.map((panel: any) => panel.targets?.map((target: any) => target.expr)));
      for (const family of [...metrics.types.keys()].filter((name) => name.startsWith('tenantry_'))) {
        assert.ok(queries.includes(family), `no panel of docs/grafana-dashboard.json shows ${family}`);
      }
    });

    it('counts requests per dialect and route pattern (never the raw path), with their latency and error codes', async () => {
      const before = await scrape();
      const adminToken = await t.http.signIn('admin', HOST_ADMIN_PASSWORD);
      assert.equal((await t.http.get(WHO_AM_I, { token: adminToken })).status, 200);
      const missingId = 987_654_321;
      const rest = await t.http.get(`/networking/rest/tenant/${missingId}?alt=json`, { token: adminToken });
      assert.equal(rest.status, 404);
      assert.equal((await t.http.get(`/nothing/here/${unique('x')}`)).status, 404);
      const after = await scrape();

      const rpcRoute = { dialect: 'rpc', method: 'GET', route: WHO_AM_I, status: '200' };
      assert.equal(after.value('tenantry_http_requests_total', rpcRoute) - before.value('tenantry_http_requests_total', rpcRoute), 1);
      const latency = { dialect: 'rpc', method: 'GET', route: WHO_AM_I };
      assert.equal(after.value('tenantry_http_request_duration_seconds_count', latency) - before.value('tenantry_http_request_duration_seconds_count', latency), 1);
      assert.ok(after.value('tenantry_http_request_duration_seconds_sum', latency) > before.value('tenantry_http_request_duration_seconds_sum', latency));
      assert.equal(after.value('tenantry_http_request_duration_seconds_bucket', { ...latency, le: '+Inf' }), after.value('tenantry_http_request_duration_seconds_count', latency));

      const restRoute = { dialect: 'rest', method: 'GET', route: '/networking/rest/tenant/:id', status: '404' };
      assert.equal(after.value('tenantry_http_requests_total', restRoute) - before.value('tenantry_http_requests_total', restRoute), 1);
      assert.ok(!after.samples.some((s) => s.labels.route?.includes(String(missingId))), 'no raw path becomes a label');
      assert.ok(after.value('tenantry_http_errors_total', { dialect: 'rest', code: 'not_found' }) > before.value('tenantry_http_errors_total', { dialect: 'rest', code: 'not_found' }));
      assert.ok(after.value('tenantry_http_requests_total', { route: '(unmatched)', status: '404' }) > before.value('tenantry_http_requests_total', { route: '(unmatched)', status: '404' }));
    });

    it('counts a refused sign-in by reason and as an unauthenticated error, and a lockout once', async () => {
      const tenant = await createTenant(t);
      const tenancyName = tenant.tenant.tenancy_name;
      const before = await scrape();
      const wrong = await t.http.post(AUTH, { userNameOrEmailAddress: 'admin', password: 'wrong-password-1', tenancyName });
      assert.equal(wrong.status, 401);
      let after = await scrape();
      assert.equal(after.value('tenantry_sign_in_failures_total', { reason: 'wrong_password' }) - before.value('tenantry_sign_in_failures_total', { reason: 'wrong_password' }), 1);
      assert.equal(after.value('tenantry_http_errors_total', { dialect: 'rpc', code: 'unauthenticated' }) - before.value('tenantry_http_errors_total', { dialect: 'rpc', code: 'unauthenticated' }), 1);
      assert.equal(after.value('tenantry_lockouts_total'), before.value('tenantry_lockouts_total'), 'one failure of two locks nothing');

      // The second failure reaches LOCKOUT_MAX_FAILURES = 2 and starts the lockout; the third meets it.
      assert.equal((await t.http.post(AUTH, { userNameOrEmailAddress: 'admin', password: 'wrong-password-2', tenancyName })).status, 401);
      assert.equal((await t.http.post(AUTH, { userNameOrEmailAddress: 'admin', password: tenant.password, tenancyName })).status, 401);
      after = await scrape();
      assert.equal(after.value('tenantry_lockouts_total') - before.value('tenantry_lockouts_total'), 1);
      assert.equal(after.value('tenantry_sign_in_failures_total', { reason: 'locked_out' }) - before.value('tenantry_sign_in_failures_total', { reason: 'locked_out' }), 1);
      const row = await t.data.users.findById(tenant.tenant.id, tenant.admin.id);
      assert.ok(row!.lockout_end && row!.lockout_end.getTime() > Date.now(), 'the account really is locked');
    });

    it('counts a 429 by the kind of bucket that refused it', async () => {
      const before = await scrape();
      const account = { userNameOrEmailAddress: unique('nobody'), password: 'whatever-1', tenancyName: unique('Nowhere') };
      const statuses: number[] = [];
      for (let i = 0; i <= SIGN_INS_PER_ACCOUNT; i++) statuses.push((await t.http.post(AUTH, account)).status);
      assert.deepEqual(statuses, [...Array(SIGN_INS_PER_ACCOUNT).fill(401), 429]);
      const after = await scrape();
      assert.equal(after.value('tenantry_rate_limit_rejections_total', { bucket: 'signin' }) - before.value('tenantry_rate_limit_rejections_total', { bucket: 'signin' }), 1);
      assert.equal(after.value('tenantry_http_errors_total', { dialect: 'rpc', code: 'rate_limited' }) - before.value('tenantry_http_errors_total', { dialect: 'rpc', code: 'rate_limited' }), 1);
    });

    it('counts webhook deliveries by result: delivered, failed and retried, and given up (dead)', async () => {
      const tenant = await createTenant(t);
      const token = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      const path = `/${unique('hook')}`;
      const subscribed = await t.http.post('/api/services/Platform/Event/Subscribe', { eventName: 'ApiKey.Created', targetUrl: `${receiver.url}${path}` }, { token });
      assert.equal(subscribed.status, 200, subscribed.text);
      const webhook = (metrics: Exposition, result: string) => metrics.value('tenantry_outbox_deliveries_total', { topic: 'webhook', result });
      const before = await scrape();

      await generateKey(t, token, { name: 'Delivered' });
      await waitFor(() => receiver.received.some((d) => d.path === path), 'the delivery');
      const delivered = await waitFor(async () => {
        const now = await scrape();
        return webhook(now, 'delivered') > webhook(before, 'delivered') && now;
      }, 'the delivered counter');
      assert.equal(webhook(delivered, 'delivered') - webhook(before, 'delivered'), 1);

      // The receiver goes down: the first attempt fails (to be retried), the second and last gives the message up.
      receiver.respond = (delivery) => (delivery.path === path ? 503 : 200);
      await generateKey(t, token, { name: 'Refused' });
      const dead = await waitFor(async () => {
        const now = await scrape();
        return webhook(now, 'dead') > webhook(before, 'dead') && now;
      }, 'the dead counter');
      assert.equal(webhook(dead, 'failed') - webhook(before, 'failed'), 1);
      assert.equal(webhook(dead, 'dead') - webhook(before, 'dead'), 1);
      assert.equal(webhook(dead, 'delivered') - webhook(before, 'delivered'), 1);
      receiver.respond = () => 200;
      // The given-up message is the outbox's failed depth.
      const failedRows = await sql<{ n: number }>`select count(*)::int as n from outbox where topic = 'webhook' and delivered_at is null and failed_at is not null`.execute(t.database.db);
      assert.equal(dead.value('tenantry_outbox_messages', { topic: 'webhook', state: 'failed' }), failedRows.rows[0]!.n);
      assert.ok(failedRows.rows[0]!.n >= 1);
    });

    it('shows the outbox depth and lag of what is queued (mail waits: no SMTP_URL here)', async () => {
      const pendingMail = async () =>
        (await sql<{ n: number }>`select count(*)::int as n from outbox where topic = ${MAIL_TOPIC} and delivered_at is null and failed_at is null`.execute(t.database.db)).rows[0]!.n;
      const before = await scrape();
      assert.equal(before.value('tenantry_outbox_messages', { topic: MAIL_TOPIC, state: 'pending' }), await pendingMail());
      const tenant = await createTenant(t);
      // A password reset is asked for: its request is handled by the outbox, which queues the e-mail.
      const asked = await t.http.post('/api/services/Platform/Account/SendPasswordResetCode', { emailAddress: tenant.admin.email, tenancyName: tenant.tenant.tenancy_name });
      assert.equal(asked.status, 200, asked.text);
      const after = await waitFor(async () => {
        const now = await scrape();
        return now.value('tenantry_outbox_messages', { topic: MAIL_TOPIC, state: 'pending' }) > before.value('tenantry_outbox_messages', { topic: MAIL_TOPIC, state: 'pending' }) && now;
      }, 'the queued mail in the depth gauge');
      assert.equal(after.value('tenantry_outbox_messages', { topic: MAIL_TOPIC, state: 'pending' }), await pendingMail());
      assert.ok(after.value('tenantry_outbox_oldest_pending_seconds', { topic: MAIL_TOPIC }) >= 0);
      // Every topic is shown, a quiet one as 0.
      assert.ok(after.has('tenantry_outbox_messages', { topic: 'account_request', state: 'pending' }));
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const later = await scrape();
      assert.ok(later.value('tenantry_outbox_oldest_pending_seconds', { topic: MAIL_TOPIC }) >= 1, 'the lag grows while the mail waits');
    });

    it("reports the pool's connections and the statements' latency", async () => {
      const metrics = await scrape();
      const total = metrics.value('tenantry_db_pool_connections', { pool: 'primary' });
      if (engine.name === 'pglite') assert.equal(total, 1, 'the embedded engine is one connection');
      else assert.ok(total >= 1 && total <= 5, `a pool of at most DATABASE_POOL_SIZE (got ${total})`);
      assert.ok(metrics.value('tenantry_db_pool_idle_connections', { pool: 'primary' }) <= total);
      assert.ok(metrics.has('tenantry_db_pool_waiting_requests', { pool: 'primary' }));
      assert.ok(metrics.value('tenantry_db_query_duration_seconds_count', { pool: 'primary', outcome: 'ok' }) > 10);
      assert.ok(metrics.value('tenantry_db_query_duration_seconds_sum', { pool: 'primary', outcome: 'ok' }) > 0);
    });
  });
}
