import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CLIENT_ROUTES } from '../../../src/http/console/console-files.js';
import { HONEYPOT_FIELD } from '../../../src/http/console/signup-routes.js';
import { startConsoleApp } from '../../helpers/console-app.js';
import { testEngines } from '../../helpers/engines.js';
import { unique } from '../../helpers/fixtures.js';
import { createProduct, hostToken, validSubmitBody } from '../../helpers/onboarding.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

for (const engine of testEngines()) {
  describe(`console and sign-up routes (${engine.name})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startConsoleApp(engine, { SIGNUP_RATE_LIMIT: '3' });
    });
    after(() => t?.close());

    test('every client route answers the console page under the one security policy, uncached', async () => {
      for (const route of CLIENT_ROUTES) {
        const answer = await t.http.get(route.replace(':id', '7'));
        assert.equal(answer.status, 200, route);
        assert.match(answer.headers.get('content-type') ?? '', /text\/html/);
        assert.match(answer.text, /<div id="root">/);
        assert.match(answer.headers.get('content-security-policy') ?? '', /script-src 'self'/);
        assert.equal(answer.headers.get('cache-control'), 'no-cache');
      }
    });

    test('the console shadows no API: /api, /networking, /docs, /openapi.json and /health answer as before, unknown paths 404', async () => {
      assert.equal((await t.http.get('/openapi.json')).status, 200);
      assert.equal((await t.http.get('/health')).status, 200);
      assert.equal((await t.http.get('/api/services/app/Session/GetCurrentLoginInformations')).status, 401);
      assert.equal((await t.http.get('/networking/rest/tenant?alt=json')).status, 401);
      assert.equal((await t.http.get('/no/such/page')).status, 404);
      assert.equal((await t.http.get('/assets/no-such-file.js')).status, 404);
    });

    test('the built assets are served with a long cache life', async () => {
      const index = (await t.http.get('/')).text;
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(index)?.[1];
      assert.ok(script, 'the page names its script');
      const answer = await t.http.get(script);
      assert.equal(answer.status, 200);
      assert.match(answer.headers.get('cache-control') ?? '', /immutable/);
    });

    test('a form that fills the honeypot is refused and stores no lead', async () => {
      const product = await createProduct(t, await hostToken(t));
      const email = `${unique('robot')}@spam.example`;
      const answer = await t.http.post('/signup/request', { ...validSubmitBody(product.id, { email }), [HONEYPOT_FIELD]: 'buy now' });
      assert.equal(answer.status, 400);
      const contact = await t.database.db.selectFrom('contacts').select('id').where('email', '=', email).executeTakeFirst();
      assert.equal(contact, undefined);
    });

    test('a person’s request is the method’s own answer, recorded with their address, and the per-IP limit ends with a 429', async () => {
      const product = await createProduct(t, await hostToken(t));
      const email = `${unique('ada')}@shop.example`;
      const answer = await t.http.post('/signup/request', validSubmitBody(product.id, { email }), { headers: { 'user-agent': 'Sign-up browser' } });
      assert.equal(answer.status, 200, answer.text);
      assert.match(answer.body.leadRequestXref, /^[0-9a-f-]{36}$/);
      const lead = await t.database.db.selectFrom('leads').select(['user_agent', 'client_ip']).where('request_xref', '=', answer.body.leadRequestXref).executeTakeFirstOrThrow();
      assert.equal(lead.user_agent, 'Sign-up browser');
      assert.equal(lead.client_ip, '127.0.0.1');
      let over = await t.http.post('/signup/complete', {});
      for (let i = 0; i < 5 && over.status !== 429; i++) over = await t.http.post('/signup/complete', {});
      assert.equal(over.status, 429);
      const retryAfter = Number(over.headers.get('retry-after'));
      assert.ok(retryAfter > 0 && retryAfter <= 3600, `Retry-After within the hour, got ${retryAfter}`);
      const counted = await t.database.db.selectFrom('rate_limit_counters').select('bucket').where('bucket', 'like', 'signup-ip:%').execute();
      assert.ok(counted.length > 0, 'the sign-up posts are counted in the shared counters');
    });

    test('the method behind a sign-up page sees the person’s address: its audit entry names it, not this server', async () => {
      const behindProxy = await startConsoleApp(engine, { TRUST_PROXY: '127.0.0.1' });
      try {
        const product = await createProduct(behindProxy, await hostToken(behindProxy));
        const headers = { 'x-forwarded-for': '203.0.113.9', 'user-agent': 'Sign-up browser' };
        const answer = await behindProxy.http.post('/signup/request', validSubmitBody(product.id, { email: `${unique('eve')}@shop.example` }), { headers });
        assert.equal(answer.status, 200, answer.text);
        const entry = await behindProxy.database.db
          .selectFrom('audit_log')
          .select(['client_ip', 'user_agent'])
          .where('action', '=', 'lead.submitted')
          .where('target', '=', `lead:${(await behindProxy.database.db.selectFrom('leads').select('id').where('request_xref', '=', answer.body.leadRequestXref).executeTakeFirstOrThrow()).id}`)
          .executeTakeFirstOrThrow();
        assert.deepEqual(entry, { client_ip: '203.0.113.9', user_agent: 'Sign-up browser' });
      } finally {
        await behindProxy.close();
      }
    });

    test('the answers never carry the server’s key', async () => {
      const answer = await t.http.get('/signup/catalogue');
      assert.equal(answer.status, 200);
      assert.ok(!answer.text.includes((t as TestApp & { signupKey: string }).signupKey));
    });
  });

  describe(`sign-up without SIGNUP_API_KEY (${engine.name})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t?.close());

    test('is closed with a plain message, and nothing is called', async () => {
      const catalogue = await t.http.get('/signup/catalogue');
      assert.equal(catalogue.status, 403);
      assert.match(catalogue.body.error.message, /SIGNUP_API_KEY/);
      assert.equal((await t.http.post('/signup/request', {})).status, 403);
    });
  });
}
