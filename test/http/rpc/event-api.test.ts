import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EVENT_TOPIC, WEBHOOK_TOPIC, type EventEnvelope, type WebhookMessage } from '../../../src/domain/events.js';
import { generateKey } from '../../helpers/api-key-fixtures.js';
import { testEngines } from '../../helpers/engines.js';
import { createTenant, createUser, unique } from '../../helpers/fixtures.js';
import { hostToken } from '../../helpers/onboarding.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../../helpers/test-app.js';

const EVENT = '/api/services/Platform/Event';
// The original platform's clients send the key in `api-key` and read `result` (the envelope on).
const asClient = (key: string) => ({ headers: { 'api-key': key, 'abp-envelope': 'true' } });

for (const engine of testEngines()) {
  describe(`the Event API (Platform/Event/*) on ${engine.name}`, () => {
    let t: TestApp;
    let tenant: Awaited<ReturnType<typeof createTenant>>;
    let adminToken: string;
    let key: string;
    before(async () => {
      t = await startTestApp(engine, { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
      tenant = await createTenant(t);
      adminToken = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      key = (await generateKey(t, adminToken)).key;
    });
    after(() => t.close());

    // The deliveries an event was fanned out to (after commit, by the outbox dispatcher).
    const webhookRows = async (tenantId: number) => {
      await t.internals.outbox.drain();
      return (await t.data.outbox.listForTenant(tenantId, WEBHOOK_TOPIC)).map((r) => ({ ...r, message: r.payload as WebhookMessage }));
    };
    const eventRows = async (tenantId: number, type: string) => (await t.data.outbox.listForTenant(tenantId, EVENT_TOPIC)).filter((r) => (r.payload as EventEnvelope).type === type);

    it('subscribes with the api-key header as the WordPress plugin sends it, answers {id} in result, and stores the subscription', async () => {
      const targetUrl = `https://hooks.example.com/${unique('wp')}`;
      const answer = await t.http.post(`${EVENT}/Subscribe`, { eventName: 'User.CreatedOrUpdated', targetUrl }, asClient(key));
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.body.success, true);
      const id = answer.body.result.id;
      assert.ok(Number.isInteger(id) && id > 0);
      assert.match(answer.body.result.secret, /^whsec_[A-Za-z0-9_-]{43}$/);
      assert.equal(answer.headers.get('cache-control'), 'no-store');
      const row = await t.data.eventSubscriptions.find(tenant.tenant.id, id);
      assert.equal(row?.event_name, 'User.CreatedOrUpdated');
      assert.equal(row?.target_url, targetUrl);
      assert.ok(!row!.secret_ciphertext.toString('latin1').includes(answer.body.result.secret), 'the secret is not stored in the clear');
    });

    it('refuses the same event and target url twice with the original platform’s message, and stores one', async () => {
      const targetUrl = `https://hooks.example.com/${unique('dup')}`;
      assert.equal((await t.http.post(`${EVENT}/Subscribe`, { eventName: 'LeadCreated', targetUrl }, asClient(key))).status, 200);
      const again = await t.http.post(`${EVENT}/Subscribe`, { eventName: 'LeadCreated', targetUrl }, asClient(key));
      assert.equal(again.status, 409);
      assert.match(again.body.error.message, /Such target url is already linked to event/);
      const rows = (await t.data.eventSubscriptions.list(tenant.tenant.id)).filter((s) => s.target_url === targetUrl);
      assert.equal(rows.length, 1);
    });

    it('refuses an unknown event name, a non-http url and credentials in the url with a 400 naming the field', async () => {
      const before = (await t.data.eventSubscriptions.list(tenant.tenant.id)).length;
      for (const [body, field] of [
        [{ eventName: 'No.Such', targetUrl: 'https://hooks.example.com/x' }, 'eventName'],
        [{ eventName: 'LeadCreated', targetUrl: 'ftp://hooks.example.com/x' }, 'targetUrl'],
        [{ eventName: 'LeadCreated', targetUrl: 'not a url' }, 'targetUrl'],
        [{ eventName: 'LeadCreated', targetUrl: 'https://user:pw@hooks.example.com/x' }, 'targetUrl'],
      ] as const) {
        const answer = await t.http.post(`${EVENT}/Subscribe`, body, { token: adminToken });
        assert.equal(answer.status, 400, `${JSON.stringify(body)}: ${answer.text}`);
        assert.deepEqual(answer.body.error.validationErrors.flatMap((v: { members: string[] }) => v.members), [field]);
      }
      assert.equal((await t.data.eventSubscriptions.list(tenant.tenant.id)).length, before);
    });

    it('lists the tenant’s own subscriptions, never their secrets', async () => {
      const answer = await t.http.get(`${EVENT}/GetSubscriptions`, asClient(key));
      assert.equal(answer.status, 200, answer.text);
      assert.ok(Array.isArray(answer.body.result) && answer.body.result.length >= 2);
      for (const s of answer.body.result) {
        assert.deepEqual(Object.keys(s).sort(), ['creationTime', 'eventName', 'id', 'secretRotationTime', 'targetUrl']);
      }
    });

    it('unsubscribes by POST ?id= with an empty JSON body, with a form body (WordPress), and by DELETE', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) {
        const answer = await t.http.post(`${EVENT}/Subscribe`, { eventName: 'Payment.Created', targetUrl: `https://hooks.example.com/${unique('u')}` }, asClient(key));
        ids.push(answer.body.result.id);
      }
      const viaJson = await t.http.post(`${EVENT}/Unsubscribe?id=${ids[0]}`, {}, asClient(key));
      assert.equal(viaJson.status, 200, viaJson.text);
      const viaForm = await t.http.request('POST', `${EVENT}/Unsubscribe?id=${ids[1]}`, undefined, {
        headers: { 'api-key': key, 'content-type': 'application/x-www-form-urlencoded' },
        raw: JSON.stringify({ id: ids[1] }),
      });
      assert.equal(viaForm.status, 200, viaForm.text);
      const viaDelete = await t.http.delete(`${EVENT}/Unsubscribe?Id=${ids[2]}`, asClient(key));
      assert.equal(viaDelete.status, 200, viaDelete.text);
      for (const id of ids) assert.equal(await t.data.eventSubscriptions.find(tenant.tenant.id, id), undefined);
    });

    it('answers "does not exist or is not accessible" for an unknown id and for another tenant’s subscription, and leaves it alone', async () => {
      const other = await createTenant(t);
      const otherToken = await t.http.signIn('admin', other.password, other.tenant.tenancy_name);
      const theirs = (await t.http.post(`${EVENT}/Subscribe`, { eventName: 'LeadCreated', targetUrl: 'https://hooks.example.com/theirs' }, { token: otherToken })).body.id;
      for (const id of [theirs, 987_654_321]) {
        for (const answer of [
          await t.http.post(`${EVENT}/Unsubscribe?id=${id}`, {}, asClient(key)),
          await t.http.get(`${EVENT}/GetEventExecutions?EventSubscriptionId=${id}`, asClient(key)),
        ]) {
          assert.equal(answer.status, 404, answer.text);
          assert.match(answer.body.error.message, /Event Subscription does not exist or is not accessible/);
        }
      }
      assert.ok(await t.data.eventSubscriptions.find(other.tenant.id, theirs));
    });

    it('refuses a tenant user without Settings.Manage (403) and an anonymous caller (401), storing nothing', async () => {
      const before = (await t.data.eventSubscriptions.list(tenant.tenant.id)).length;
      assert.equal((await t.http.get(`${EVENT}/GetSubscriptions`)).status, 401);
      const plain = await createUser(t, tenant.tenant, []);
      const answer = await t.http.post(`${EVENT}/Subscribe`, { eventName: 'LeadCreated', targetUrl: 'https://x.example.com/' }, { token: plain.token });
      assert.equal(answer.status, 403, answer.text);
      assert.equal((await t.data.eventSubscriptions.list(tenant.tenant.id)).length, before);
    });

    it('writes an event of a tenant to its own subscriptions and to the host’s, in the transaction of the change', async () => {
      const host = await hostToken(t);
      const hostSub = (await t.http.post(`${EVENT}/Subscribe`, { eventName: 'ApiKey.Created', targetUrl: `https://ops.example.com/${unique('h')}` }, { token: host })).body.id;
      const own = (await t.http.post(`${EVENT}/Subscribe`, { eventName: 'ApiKey.Created', targetUrl: `https://hooks.example.com/${unique('k')}` }, { token: adminToken })).body.id;
      const other = await createTenant(t);
      const otherToken = await t.http.signIn('admin', other.password, other.tenant.tenancy_name);
      const foreign = (await t.http.post(`${EVENT}/Subscribe`, { eventName: 'ApiKey.Created', targetUrl: `https://hooks.example.com/${unique('f')}` }, { token: otherToken })).body.id;

      const created = await generateKey(t, adminToken, { name: 'Zapier' });
      const ownRows = (await webhookRows(tenant.tenant.id)).filter((r) => r.message.subscriptionId === own);
      assert.equal(ownRows.length, 1);
      const event = ownRows[0]!.message.event;
      assert.equal(event.type, 'ApiKey.Created');
      assert.equal(event.tenantId, tenant.tenant.id);
      assert.deepEqual((event.data as { apiKeyId: number }).apiKeyId, created.id);
      assert.equal(JSON.stringify(event).includes(created.key), false, 'the key itself is not in the event');
      const hostRows = (await webhookRows(0)).filter((r) => r.message.subscriptionId === hostSub);
      assert.deepEqual(hostRows.map((r) => r.message.event.id), [event.id], 'the host hears the same event');
      assert.equal((await webhookRows(other.tenant.id)).filter((r) => r.message.subscriptionId === foreign).length, 0, 'another tenant hears nothing');
    });

    it('emits nothing when the change’s transaction rolls back', async () => {
      const own = (await t.http.post(`${EVENT}/Subscribe`, { eventName: 'User.CreatedOrUpdated', targetUrl: `https://hooks.example.com/${unique('r')}` }, { token: adminToken })).body.id;
      const eventsBefore = (await eventRows(tenant.tenant.id, 'User.CreatedOrUpdated')).length;
      const userName = unique('u');
      const user = { userName, name: 'Ada', surname: 'Lovelace', emailAddress: `${userName}@example.com`, password: 'Secret-pass-1' };
      assert.equal((await t.http.post('/api/services/Platform/User/CreateUser', user, { token: adminToken })).status, 200);
      const afterFirst = (await webhookRows(tenant.tenant.id)).filter((r) => r.message.subscriptionId === own);
      assert.equal(afterFirst.length, 1);
      const users = afterFirst[0]!.message.event.data as { userName: string; isDeleted: boolean }[];
      assert.equal(users[0]!.userName, userName);
      assert.equal(users[0]!.isDeleted, false);
      // The same user name again: refused inside the transaction, after nothing else was kept.
      const again = await t.http.post('/api/services/Platform/User/CreateUser', { ...user, emailAddress: `${unique('v')}@example.com` }, { token: adminToken });
      assert.equal(again.status, 409);
      assert.equal((await webhookRows(tenant.tenant.id)).filter((r) => r.message.subscriptionId === own).length, 1);
      assert.equal((await eventRows(tenant.tenant.id, 'User.CreatedOrUpdated')).length, eventsBefore + 1, 'one event, of the change that committed');
    });

    it('lets the host admin subscribe with its password session too', async () => {
      const token = await t.http.signIn('admin', HOST_ADMIN_PASSWORD);
      const answer = await t.http.post(`${EVENT}/Subscribe`, { eventName: 'Tenant.Created', targetUrl: `https://ops.example.com/${unique('t')}` }, { token });
      assert.equal(answer.status, 200, answer.text);
      assert.ok(await t.data.eventSubscriptions.find(0, answer.body.id));
    });
  });
}
