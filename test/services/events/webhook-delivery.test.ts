import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WEBHOOK_TOPIC } from '../../../src/domain/events.js';
import { createLogger } from '../../../src/http/logging.js';
import { WebhookDelivery } from '../../../src/services/events/webhook-delivery.js';
import { SubscriptionSecrets } from '../../../src/services/events/subscription-secrets.js';
import { verifySignature } from '../../../src/services/events/signature.js';
import { OutboxDispatcher } from '../../../src/services/outbox/dispatcher.js';
import { generateKey } from '../../helpers/api-key-fixtures.js';
import { testEngines, type TestEngine } from '../../helpers/engines.js';
import { createTenant, unique } from '../../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { waitFor } from '../../helpers/wait-for.js';
import { WebhookReceiver } from '../../helpers/webhook-receiver.js';

const EVENT = '/api/services/Platform/Event';
// A poll far longer than any wait below: deliveries come from the enqueue's wake-up or a retry timer.
const env = {
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  WEBHOOK_TIMEOUT_MS: '5000',
  OUTBOX_POLL_MS: '600000',
  OUTBOX_LEASE_MS: '20000',
  OUTBOX_RETRY_BASE_MS: '20',
  OUTBOX_RETRY_MAX_MS: '200',
  OUTBOX_MAX_ATTEMPTS: '3',
};

/** A second deliverer on the same database: another instance on PostgreSQL, another dispatcher on PGlite. */
async function secondDispatcher(t: TestApp, engine: TestEngine): Promise<{ drain(): Promise<void>; close(): Promise<void> }> {
  if (engine.databaseUrl) {
    const other = await startTestApp(engine, env);
    return { drain: () => other.internals.outbox.drain(), close: () => other.close() };
  }
  const log = createLogger(t.config);
  const dispatcher = new OutboxDispatcher(t.data, t.config.outbox, log);
  const key = (await t.data.hostSettings.get<string>('webhook_secret_key'))!;
  dispatcher.handle(WEBHOOK_TOPIC, new WebhookDelivery(t.data, new SubscriptionSecrets(key), t.config.webhooks, log).deliver);
  await dispatcher.start(t.database);
  return { drain: () => dispatcher.drain(), close: () => dispatcher.stop() };
}

for (const engine of testEngines()) {
  describe(`webhook deliveries from the outbox on ${engine.name}`, () => {
    let t: TestApp;
    let tenant: Awaited<ReturnType<typeof createTenant>>;
    let token: string;
    const receivers: WebhookReceiver[] = [];
    before(async () => {
      t = await startTestApp(engine, env);
      tenant = await createTenant(t);
      token = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
    });
    after(async () => {
      await t.close();
      for (const r of receivers) await r.stop();
    });

    async function subscribed(eventName: string) {
      const receiver = await new WebhookReceiver().start();
      receivers.push(receiver);
      const answer = await t.http.post(`${EVENT}/Subscribe`, { eventName, targetUrl: `${receiver.url}/${unique('hook')}` }, { token });
      assert.equal(answer.status, 200, answer.text);
      return { receiver, id: answer.body.id as number, secret: answer.body.secret as string };
    }
    const executions = async (id: number) => (await t.http.get(`${EVENT}/GetEventExecutions?EventSubscriptionId=${id}&maxResultCount=100`, { token })).body;
    const createUser = async (userName = unique('u')) => {
      const answer = await t.http.post('/api/services/Platform/User/CreateUser', { userName, name: 'Ada', surname: 'Lovelace', emailAddress: `${userName}@example.com`, password: 'Secret-pass-1' }, { token });
      assert.equal(answer.status, 200, answer.text);
      return userName;
    };

    it('delivers an event once, signed with the subscription’s secret, and logs the attempt', async () => {
      const { receiver, id, secret } = await subscribed('ApiKey.Created');
      const key = await generateKey(t, token, { name: 'Workflow' });
      const [delivery] = await waitFor(() => (receiver.received.length > 0 ? receiver.received : undefined), 'the delivery');
      assert.equal(delivery!.body.type, 'ApiKey.Created');
      assert.match(delivery!.body.eventId, /^[0-9a-f-]{36}$/);
      assert.ok(Date.parse(delivery!.body.time) > 0);
      assert.equal(delivery!.body.data.apiKeyId, key.id);
      assert.equal(delivery!.headers['tenantry-event-type'], 'ApiKey.Created');
      assert.ok(verifySignature(secret, String(delivery!.headers['tenantry-signature']), delivery!.text), 'the signature checks out');
      assert.equal(verifySignature('whsec_wrong', String(delivery!.headers['tenantry-signature']), delivery!.text), false);
      await t.internals.outbox.drain();
      assert.equal(receiver.received.length, 1, 'delivered once');
      const log = await executions(id);
      assert.equal(log.totalCount, 1);
      assert.equal(log.items[0].succeeded, true);
      assert.equal(log.items[0].statusCode, 200);
      assert.equal(log.items[0].attempt, 1);
      assert.equal(log.items[0].eventId, delivery!.body.eventId);
      const row = (await t.data.outbox.listForTenant(tenant.tenant.id, WEBHOOK_TOPIC)).find((r) => (r.payload as { subscriptionId: number }).subscriptionId === id);
      assert.ok(row?.delivered_at, 'the outbox message is marked delivered');
    });

    it('delivers User.CreatedOrUpdated as a JSON array of users, each carrying the event’s type', async () => {
      const { receiver } = await subscribed('User.CreatedOrUpdated');
      const userName = await createUser();
      const [delivery] = await waitFor(() => (receiver.received.length > 0 ? receiver.received : undefined), 'the delivery');
      assert.ok(Array.isArray(delivery!.body));
      const [user] = delivery!.body;
      assert.equal(user.type, 'User.CreatedOrUpdated');
      assert.equal(user.userName, userName);
      assert.equal(user.emailAddress, `${userName}@example.com`);
      for (const field of ['firstName', 'lastName', 'userId', 'contactId', 'isDeleted', 'affiliateCode']) assert.ok(field in user, field);
    });

    it('retries a receiver that fails, and the log explains both attempts', async () => {
      const { receiver, id } = await subscribed('ApiKey.Created');
      let calls = 0;
      receiver.respond = () => (++calls === 1 ? 503 : 200);
      await generateKey(t, token);
      await waitFor(() => receiver.received.length >= 2, 'the retried delivery');
      assert.equal(receiver.received[0]!.body.eventId, receiver.received[1]!.body.eventId, 'the same event');
      assert.equal(receiver.received[1]!.headers['tenantry-delivery-attempt'], '2');
      const log = await waitFor(async () => ((await executions(id)).totalCount === 2 ? executions(id) : undefined), 'two logged attempts');
      assert.deepEqual(
        log.items.map((e: { attempt: number; statusCode: number; succeeded: boolean }) => [e.attempt, e.statusCode, e.succeeded]),
        [
          [2, 200, true],
          [1, 503, false],
        ],
      );
      assert.match(log.items[1].error, /503/);
    });

    it('gives up on a receiver that always fails (dead-lettered) and replays it on Redeliver', async () => {
      const { receiver, id } = await subscribed('ApiKey.Created');
      receiver.respond = () => 500;
      await generateKey(t, token);
      const row = await waitFor(async () => {
        const rows = await t.data.outbox.listForTenant(tenant.tenant.id, WEBHOOK_TOPIC);
        return rows.find((r) => (r.payload as { subscriptionId: number }).subscriptionId === id && r.failed_at !== null);
      }, 'the message given up');
      assert.equal(row.attempts, 3);
      const log = await executions(id);
      assert.equal(log.totalCount, 3);
      assert.ok(log.items.every((e: { succeeded: boolean }) => !e.succeeded));

      receiver.respond = () => 200;
      const replay = await t.http.post(`${EVENT}/Redeliver`, { id: log.items[0].id }, { token });
      assert.equal(replay.status, 200, replay.text);
      await waitFor(() => receiver.received.length === 4, 'the replayed delivery');
      assert.equal(receiver.received[3]!.body.eventId, receiver.received[0]!.body.eventId);
      const after = await waitFor(async () => ((await executions(id)).totalCount === 4 ? executions(id) : undefined), 'the replay logged');
      assert.equal(after.items[0].succeeded, true);
      assert.equal(after.items[0].attempt, 1, 'a replay is a new delivery');
    });

    it('keeps the order of one subscription’s events, even when the first must be retried', async () => {
      const { receiver } = await subscribed('User.CreatedOrUpdated');
      let calls = 0;
      receiver.respond = () => (++calls === 1 ? 500 : 200);
      const names = [await createUser(), await createUser(), await createUser()];
      await waitFor(() => receiver.received.filter((d) => d.headers['tenantry-delivery-attempt'] !== undefined).length >= 4, 'every delivery');
      const accepted = receiver.received.slice(1).map((d) => d.body[0].userName);
      assert.deepEqual(accepted, names);
    });

    it('does not let a slow receiver delay another subscription’s delivery', async () => {
      const slow = await subscribed('ApiKey.Created');
      const fast = await subscribed('ApiKey.Created');
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      // The slow receiver answers only once the fast one has its delivery: serial delivery could never get there.
      slow.receiver.respond = async () => {
        await released;
        return 200;
      };
      fast.receiver.respond = () => {
        release();
        return 200;
      };
      await generateKey(t, token);
      await waitFor(() => fast.receiver.received.length === 1 && slow.receiver.received.length === 1, 'both deliveries');
    });

    it('delivers each event exactly once with two dispatchers on one database', async () => {
      const { receiver } = await subscribed('User.CreatedOrUpdated');
      const second = await secondDispatcher(t, engine);
      try {
        const names: string[] = [];
        for (let i = 0; i < 8; i++) names.push(await createUser());
        await Promise.all([t.internals.outbox.drain(), second.drain()]);
        await waitFor(() => receiver.received.length >= names.length, 'every delivery');
        await Promise.all([t.internals.outbox.drain(), second.drain()]);
        const ids = receiver.received.map((d) => d.body[0].eventId);
        assert.equal(new Set(ids).size, ids.length, 'no event delivered twice');
        assert.deepEqual(receiver.received.map((d) => d.body[0].userName), names, 'in order');
      } finally {
        await second.close();
      }
    });

    it('drops the pending deliveries of a subscription that ends', async () => {
      const { receiver, id } = await subscribed('ApiKey.Created');
      receiver.respond = () => 500;
      await generateKey(t, token);
      await waitFor(() => receiver.received.length >= 1, 'a first attempt');
      assert.equal((await t.http.post(`${EVENT}/Unsubscribe?id=${id}`, {}, { token })).status, 200);
      const pending = (await t.data.outbox.listForTenant(tenant.tenant.id, WEBHOOK_TOPIC)).filter(
        (r) => (r.payload as { subscriptionId: number }).subscriptionId === id && r.delivered_at === null,
      );
      assert.deepEqual(pending, []);
    });
  });

  describe(`webhook targets without WEBHOOK_ALLOW_PRIVATE_TARGETS on ${engine.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t.close());

    it('refuses loopback, private and link-local targets and stores nothing', async () => {
      const tenant = await createTenant(t);
      const token = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      for (const targetUrl of ['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://10.1.2.3/hook', 'http://169.254.169.254/latest', 'http://[::1]/hook', 'http://[::ffff:192.168.0.1]/hook']) {
        const answer = await t.http.post(`${EVENT}/Subscribe`, { eventName: 'LeadCreated', targetUrl }, { token });
        assert.equal(answer.status, 400, `${targetUrl}: ${answer.text}`);
        assert.equal(answer.body.error.validationErrors[0].members[0], 'targetUrl');
      }
      assert.deepEqual(await t.data.eventSubscriptions.list(tenant.tenant.id), []);
    });
  });
}
