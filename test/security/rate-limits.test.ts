import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { API_KEY_GENERATE, API_KEY_GET_ALL, generateKey, inFuture } from '../helpers/api-key-fixtures.js';
import { testEngines } from '../helpers/engines.js';
import { createTenant, unique } from '../helpers/fixtures.js';
import { WHO_AM_I } from '../helpers/http.js';
import { redeemLoginToken } from '../helpers/login-links.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { REST, restGet } from '../http/rest/rest-client.js';

const AUTHENTICATE = '/api/TokenAuth/Authenticate';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Low limits, and the test's own client addresses believed from the loopback proxy (X-Forwarded-For). */
const LIMITS = {
  TRUST_PROXY: '127.0.0.1',
  RATE_LIMIT_PER_MINUTE: '3',
  RATE_LIMIT_PER_DAY: '1000',
  RATE_LIMIT_IP_PER_MINUTE: '5',
  RATE_LIMIT_IP_PER_DAY: '1000',
  SIGN_IN_LIMIT_PER_MINUTE: '2',
  SIGN_IN_IP_LIMIT_PER_MINUTE: '4',
};

let address = 0;
/** A client address no other request of the run has used. */
const freshIp = () => `198.18.${Math.floor(++address / 250)}.${(address % 250) + 1}`;
const from = (ip: string, headers: Record<string, string> = {}) => ({ headers: { 'x-forwarded-for': ip, ...headers } });

for (const engine of testEngines()) {
  describe(`rate limits (PostgreSQL counters) on ${engine.name}`, () => {
    let t: TestApp;
    let host: string;
    before(async () => {
      t = await startTestApp(engine, LIMITS);
      host = await t.http.post(AUTHENTICATE, { userNameOrEmailAddress: 'admin', password: 'Host-admin-pass-1' }, from(freshIp())).then((a) => a.body.accessToken);
    });
    after(() => t.close());

    const counter = (bucket: string) => t.database.db.selectFrom('rate_limit_counters').selectAll().where('bucket', '=', bucket).executeTakeFirst();

    it('should tell every answer its limit, what is left and when it resets — success, refusal, unknown path, REST — but not the health probe', async () => {
      const ip = freshIp();
      const answers = [
        await t.http.get(WHO_AM_I, { token: host, ...from(ip) }),
        await t.http.get(WHO_AM_I, from(ip)),
        await t.http.get('/no/such/path', from(ip)),
        await restGet(t, '/timeZones', from(ip)),
      ];
      assert.deepEqual(answers.map((a) => a.status), [200, 401, 404, 200]);
      assert.deepEqual(answers.map((a) => a.headers.get('x-ratelimit-remaining')), ['4', '3', '2', '1']);
      for (const answer of answers) {
        assert.equal(answer.headers.get('x-ratelimit-limit'), '5');
        const reset = Number(answer.headers.get('x-ratelimit-reset'));
        assert.ok(reset >= 1 && reset <= 60, String(reset));
      }
      assert.equal((await counter(`ip:${ip}:m`))?.hits, 4);
      const health = await t.http.get('/health', from(ip));
      assert.equal(health.headers.get('x-ratelimit-limit'), null);
    });

    it('should refuse a client IP beyond its limit with an ABP 429 and Retry-After, before any handler runs', async () => {
      const ip = freshIp();
      for (let i = 0; i < 5; i++) assert.equal((await t.http.get(WHO_AM_I, { token: host, ...from(ip) })).status, 200);
      for (const envelope of ['false', 'true']) {
        const refused = await t.http.get(WHO_AM_I, { token: host, ...from(ip, { 'abp-envelope': envelope }) });
        assert.equal(refused.status, 429);
        assert.equal(refused.headers.get('x-ratelimit-remaining'), '0');
        const retryAfter = Number(refused.headers.get('retry-after'));
        assert.ok(retryAfter >= 1 && retryAfter <= 60, String(retryAfter));
        assert.deepEqual([refused.body.success, refused.body.error.code, refused.body.__abp, refused.body.result], [false, 429, true, null]);
        assert.match(refused.body.error.message, /Too many requests/);
      }
      assert.equal((await t.http.get(WHO_AM_I, { token: host, ...from(freshIp()) })).status, 200, 'another address is not held back');
    });

    it('should count a key across addresses: 3 a minute by default, then a 429 that creates nothing', async () => {
      const tenant = await createTenant(t);
      const admin = await t.http.post(AUTHENTICATE, { userNameOrEmailAddress: 'admin', password: tenant.password, tenancyName: tenant.tenant.tenancy_name }, from(freshIp()));
      const { key, id } = await generateKey(t, admin.body.accessToken);
      for (let i = 0; i < 3; i++) {
        const answer = await t.http.get(WHO_AM_I, { token: key, ...from(freshIp()) });
        assert.equal(answer.status, 200);
        assert.equal(answer.headers.get('x-ratelimit-limit'), '3');
        assert.equal(answer.headers.get('x-ratelimit-remaining'), String(2 - i));
      }
      const keysBefore = await t.data.apiKeys.list(tenant.tenant.id, { skip: 0, take: 100 });
      const refused = await t.http.post(API_KEY_GENERATE, { name: unique('k'), expirationDate: inFuture() }, { headers: { 'api-key': key, 'x-forwarded-for': freshIp() } });
      assert.equal(refused.status, 429);
      assert.equal((await t.data.apiKeys.list(tenant.tenant.id, { skip: 0, take: 100 })).total, keysBefore.total, 'nothing was stored');
      assert.equal((await counter(`key:${id}:m`))?.hits, 4, 'a refused request still counts');
      const rest = await restGet(t, '/tenant?alt=json', { token: key, ...from(freshIp()) });
      assert.equal(rest.status, 429, 'the same key over REST');
      assert.equal(rest.body.platform.message.code, '-300');
      assert.match(rest.body.platform.message.description, /Too many requests/);
      const xml = await restGet(t, '/tenant', { token: key, ...from(freshIp()) });
      assert.equal(xml.status, 429);
      assert.match(xml.text, /<code>-300<\/code>\s*<description>Too many requests/);
      assert.ok(Number(xml.headers.get('retry-after')) >= 1);
    });

    it('should give a key its own limits when generated (a tenant up to its own limit, the host any), per minute and per day', async () => {
      const tenant = await createTenant(t);
      const admin = (await t.http.post(AUTHENTICATE, { userNameOrEmailAddress: 'admin', password: tenant.password, tenancyName: tenant.tenant.tenancy_name }, from(freshIp()))).body.accessToken;
      const tooMuch = await t.http.post(API_KEY_GENERATE, { name: unique('k'), expirationDate: inFuture(), rateLimitPerMinute: 4 }, { token: admin, ...from(freshIp()) });
      assert.equal(tooMuch.status, 403, tooMuch.text);
      assert.equal((await t.data.apiKeys.list(tenant.tenant.id, { skip: 0, take: 100 })).total, 0);

      const daily = await t.http.post(API_KEY_GENERATE, { name: unique('k'), expirationDate: inFuture(), rateLimitPerMinute: 3, rateLimitPerDay: 2 }, { token: admin, ...from(freshIp()) });
      assert.equal(daily.status, 200, daily.text);
      const listed = await t.http.get(`${API_KEY_GET_ALL}?maxResultCount=10`, { token: admin, ...from(freshIp()) });
      const shown = listed.body.items.find((k: { id: number }) => k.id === daily.body.id);
      assert.deepEqual([shown.rateLimitPerMinute, shown.rateLimitPerDay], [3, 2], 'GetAll shows a key’s own limits');
      const row = await t.database.db.selectFrom('api_keys').selectAll().where('id', '=', daily.body.id).executeTakeFirstOrThrow();
      assert.deepEqual([row.rate_limit_per_minute, row.rate_limit_per_day], [3, 2]);
      for (let i = 0; i < 2; i++) assert.equal((await t.http.get(WHO_AM_I, { token: daily.body.key, ...from(freshIp()) })).status, 200);
      const overDay = await t.http.get(WHO_AM_I, { token: daily.body.key, ...from(freshIp()) });
      assert.equal(overDay.status, 429);
      assert.equal(overDay.headers.get('x-ratelimit-limit'), '2');
      assert.ok(Number(overDay.headers.get('retry-after')) > 86_000, 'the day window frees up tomorrow');

      const generous = await t.http.post(API_KEY_GENERATE, { name: unique('k'), expirationDate: inFuture(), rateLimitPerMinute: 10 }, { token: host, ...from(freshIp()) });
      assert.equal(generous.status, 200, generous.text);
      for (let i = 0; i < 4; i++) assert.equal((await t.http.get(WHO_AM_I, { token: generous.body.key, ...from(freshIp()) })).status, 200, String(i));
    });

    it('should let the host set a tenant’s limits: they apply to its keys without their own, and cap what its admins may give a key', async () => {
      const tenant = await createTenant(t);
      const set = await t.http.post(
        '/api/services/Platform/Tenant/SetTenantRateLimits',
        { tenantId: tenant.tenant.id, rateLimitPerMinute: 2, rateLimitPerDay: null },
        { token: host, ...from(freshIp()) },
      );
      assert.equal(set.status, 200, set.text);
      assert.deepEqual(set.body, { tenantId: tenant.tenant.id, rateLimitPerMinute: 2, rateLimitPerDay: null });
      const stored = await t.database.db.selectFrom('tenants').selectAll().where('id', '=', tenant.tenant.id).executeTakeFirstOrThrow();
      assert.deepEqual([stored.rate_limit_per_minute, stored.rate_limit_per_day], [2, null]);
      const audit = (await t.data.auditLog.listForTenant(tenant.tenant.id)).find((a) => a.action === 'tenant.rate_limits.updated');
      assert.ok(audit, 'the change is audited');

      const admin = (await t.http.post(AUTHENTICATE, { userNameOrEmailAddress: 'admin', password: tenant.password, tenancyName: tenant.tenant.tenancy_name }, from(freshIp()))).body.accessToken;
      const above = await t.http.post(API_KEY_GENERATE, { name: unique('k'), expirationDate: inFuture(), rateLimitPerMinute: 3 }, { token: admin, ...from(freshIp()) });
      assert.equal(above.status, 403, 'the default (3) is above the tenant’s own limit now');
      const { key } = await generateKey(t, admin);
      for (let i = 0; i < 2; i++) assert.equal((await t.http.get(WHO_AM_I, { token: key, ...from(freshIp()) })).headers.get('x-ratelimit-limit'), '2');
      assert.equal((await t.http.get(WHO_AM_I, { token: key, ...from(freshIp()) })).status, 429);

      const unknown = await t.http.post('/api/services/Platform/Tenant/SetTenantRateLimits', { tenantId: 2_000_000_000, rateLimitPerMinute: 1, rateLimitPerDay: 1 }, { token: host, ...from(freshIp()) });
      assert.equal(unknown.status, 404);
      const bad = await t.http.post('/api/services/Platform/Tenant/SetTenantRateLimits', { tenantId: tenant.tenant.id, rateLimitPerMinute: -1, rateLimitPerDay: 1 }, { token: host, ...from(freshIp()) });
      assert.equal(bad.status, 400);
    });

    it('should limit sign-ins per account before any password is checked, and per address, in both dialects', async () => {
      const tenant = await createTenant(t);
      const attempt = (ip: string, password = 'wrong-password') =>
        t.http.post(AUTHENTICATE, { userNameOrEmailAddress: 'admin', password, tenancyName: tenant.tenant.tenancy_name }, from(ip));
      assert.equal((await attempt(freshIp())).status, 401);
      assert.equal((await attempt(freshIp())).status, 401);
      const failuresBefore = (await t.data.users.findById(tenant.tenant.id, tenant.admin.id))!.failed_attempts;
      const refused = await attempt(freshIp(), tenant.password);
      assert.equal(refused.status, 429, 'the account is held back even with the right password, from another address');
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
      assert.equal((await t.data.users.findById(tenant.tenant.id, tenant.admin.id))!.failed_attempts, failuresBefore, 'no password was evaluated');

      const ip = freshIp();
      const restLogin = (userName: string) =>
        t.http.request('POST', `${REST}/login`, undefined, {
          raw: `<platform><login><userName>${userName}</userName><password>nope-nope</password></login></platform>`,
          headers: { 'content-type': 'application/xml', 'x-forwarded-for': ip },
        });
      for (let i = 0; i < 4; i++) assert.equal((await restLogin(unique('nobody'))).status, 401, String(i));
      const restRefused = await restLogin(unique('nobody'));
      assert.equal(restRefused.status, 429);
      assert.match(restRefused.text, /<code>-300<\/code>/);
    });

    it('should limit login-link redemption per address', async () => {
      const ip = freshIp();
      const redeem = () => t.http.post('/account/auto-login', { token: 'garbage' }, from(ip, { accept: 'application/json' }));
      for (let i = 0; i < 4; i++) assert.equal((await redeem()).status, 401, String(i));
      const refused = await redeem();
      assert.equal(refused.status, 429);
      assert.equal(refused.body.error.code, 429);
      assert.equal((await redeemLoginToken(t, 'garbage')).status, 401, 'the test client’s own address is not held back');
    });
  });
}

describe('request rate limits switched off (REQUEST_RATE_LIMITS=false, a gateway in front limits requests)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp(testEngines()[0]!, { ...LIMITS, REQUEST_RATE_LIMITS: 'false' });
  });
  after(() => t.close());

  it('should count no request per address or key, and still limit sign-ins per account', async () => {
    const ip = freshIp();
    for (let i = 0; i < 8; i++) {
      const answer = await t.http.get(WHO_AM_I, from(ip));
      assert.equal(answer.status, 401, 'past the address’s limit of 5, still answered');
      assert.equal(answer.headers.get('x-ratelimit-limit'), null);
    }
    assert.equal(await t.database.db.selectFrom('rate_limit_counters').select('bucket').where('bucket', '=', `ip:${ip}:m`).executeTakeFirst(), undefined);
    const tenant = await createTenant(t);
    const attempt = () => t.http.post(AUTHENTICATE, { userNameOrEmailAddress: 'admin', password: 'wrong-password', tenancyName: tenant.tenant.tenancy_name }, from(freshIp()));
    assert.deepEqual([(await attempt()).status, (await attempt()).status, (await attempt()).status], [401, 401, 429], 'two sign-ins a minute for the account');
  });
});

describe('rate limits with Redis counters (REDIS_URL), shared by two instances', () => {
  const prefix = `tenantry-test:${randomBytes(6).toString('hex')}:`;
  let first: TestApp;
  let second: TestApp;
  let redis: Redis;
  before(async () => {
    const env = { ...LIMITS, REDIS_URL, REDIS_KEY_PREFIX: prefix };
    const engine = testEngines()[0]!;
    first = await startTestApp(engine, env);
    second = await startTestApp(engine, env);
    redis = new Redis(REDIS_URL);
  });
  after(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await first.close();
    await second.close();
  });

  it('should count one address across both instances and refuse the sixth request, with nothing in PostgreSQL', async () => {
    const ip = freshIp();
    for (let i = 0; i < 5; i++) {
      const answer = await (i % 2 === 0 ? first : second).http.get(WHO_AM_I, from(ip));
      assert.equal(answer.headers.get('x-ratelimit-remaining'), String(4 - i));
    }
    const refused = await second.http.get(WHO_AM_I, from(ip));
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    assert.equal(await redis.get(`${prefix}rate:ip:${ip}:m`), '6');
    const ttl = await redis.pttl(`${prefix}rate:ip:${ip}:m`);
    assert.ok(ttl > 0 && ttl <= 60_000, String(ttl));
    const rows = await first.database.db.selectFrom('rate_limit_counters').selectAll().execute();
    assert.equal(rows.length, 0);
  });
});
