import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Permission } from '../../../src/domain/permissions.js';
import { testEngines } from '../../helpers/engines.js';
import { unique } from '../../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { REST, createdId, messageOf, newTenantFields, restGet, restLogin, restOperator, sendRaw, sendXml, tenantXml } from './rest-client.js';

for (const engine of testEngines()) {
  describe(`REST errors in the platform's codes on ${engine.name}`, () => {
    let t: TestApp;
    let cookie: string;
    let tenantId: number;
    before(async () => {
      t = await startTestApp(engine);
      cookie = await restLogin(t);
      tenantId = createdId(await sendXml(t, 'POST', '/tenant', tenantXml(newTenantFields(unique('Errors'))), { cookie }));
    });
    after(() => t.close());

    const operator = async (permissions: Permission[]) => (await restOperator(t, permissions)).cookie;

    const expectError = async (answer: { status: number; headers: Headers; text: string; body: unknown }, status: number, code: string) => {
      assert.equal(answer.status, status, answer.text);
      assert.equal(messageOf(answer as never).code, code, answer.text);
    };

    it('answers 401 -101 without a credential and with a forged session cookie', async () => {
      await expectError(await restGet(t, `/tenant/${tenantId}`), 401, '-101');
      await expectError(await restGet(t, `/tenant/${tenantId}`, { cookie: 'JSESSIONID=0.00000000-0000-4000-8000-000000000000.aaaaaaaaaaaaaaaaaaaaaa' }), 401, '-101');
      await expectError(await restGet(t, '/tenant', { cookie: 'JSESSIONID=garbage' }), 401, '-101');
    });

    it('answers 403 -850 to a host operator without Tenants.Manage, and DELETE needs Tenants.Delete too', async () => {
      const settingsOnly = await operator(['Settings.Manage']);
      await expectError(await restGet(t, `/tenant/${tenantId}`, { cookie: settingsOnly }), 403, '-850');
      await expectError(await sendXml(t, 'POST', '/tenant', tenantXml(newTenantFields(unique('No'))), { cookie: settingsOnly }), 403, '-850');
      const manager = await operator(['Tenants.Manage']);
      assert.equal((await restGet(t, `/tenant/${tenantId}`, { cookie: manager })).status, 200);
      await expectError(await t.http.request('DELETE', `${REST}/tenant/${tenantId}`, undefined, { headers: { cookie: manager } }), 403, '-850');
      assert.ok(await t.data.tenants.findLive(tenantId));
    });

    it('answers 404 -200 for an unknown tenant and 400 -4006 for an id that cannot be one', async () => {
      await expectError(await restGet(t, '/tenant/2147483000', { cookie }), 404, '-200');
      await expectError(await restGet(t, '/tenant/99999999999999999999', { cookie }), 404, '-200');
      await expectError(await restGet(t, '/tenant/0', { cookie }), 404, '-200');
      await expectError(await restGet(t, '/tenant/abc', { cookie }), 400, '-4006');
      await expectError(await sendXml(t, 'PUT', '/tenant/abc', tenantXml({ city: 'x' }), { cookie }), 400, '-4006');
    });

    it('answers 400 -300 naming the field for a bad value, and 404 -300 for an unknown resource', async () => {
      const answer = await sendXml(t, 'PUT', `/tenant/${tenantId}`, tenantXml({ trial_days: 'many' }), { cookie });
      await expectError(answer, 400, '-300');
      assert.match(messageOf(answer).description, /^trial_days: /);
      await expectError(await restGet(t, '/nothing-here', { cookie }), 404, '-300');
      await expectError(await restGet(t, '/tenant?alt=yaml', { cookie }), 400, '-300');
    });

    it('answers 400 -4601 for malformed XML and JSON, in the JSON mirror when asked', async () => {
      await expectError(await sendXml(t, 'POST', '/tenant', '<platform><tenant><company>x</tenant></platform>', { cookie }), 400, '-4601');
      const json = await sendRaw(t, 'POST', '/tenant', '{"platform": {', 'application/json', { cookie, headers: { accept: 'application/json' } });
      await expectError(json, 400, '-4601');
      assert.deepEqual(Object.keys(json.body.platform), ['message']);
      assert.equal(typeof json.body.platform.message.description, 'string');
      await expectError(await sendRaw(t, 'POST', '/tenant', '{"tenant": {}}', 'application/json', { cookie }), 400, '-4601');
    });

    it('answers 415 without a content type or with one it does not read, and 405 for a wrong method', async () => {
      await expectError(await sendRaw(t, 'POST', '/tenant', tenantXml(newTenantFields('x')), undefined, { cookie }), 415, '-300');
      await expectError(await sendRaw(t, 'PUT', `/tenant/${tenantId}`, '', undefined, { cookie }), 415, '-300');
      await expectError(await sendRaw(t, 'POST', '/tenant', 'company=x', 'text/plain', { cookie }), 415, '-300');
      const wrong = await t.http.request('PATCH', `${REST}/tenant/${tenantId}`, undefined, { headers: { cookie } });
      await expectError(wrong, 405, '-300');
      assert.equal(wrong.headers.get('allow'), 'GET, PUT, DELETE');
      await expectError(await t.http.request('DELETE', `${REST}/tenant`, undefined, { headers: { cookie } }), 405, '-300');
      await expectError(await restGet(t, '/login'), 405, '-300');
    });

    it('refuses DTDs, entity expansion, deep nesting and huge payloads with a 4xx and creates nothing', async () => {
      const company = unique('Attack');
      const laughs =
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>' +
        `<platform><tenant><company>${company} &lol3;</company></tenant></platform>`;
      await expectError(await sendXml(t, 'POST', '/tenant', laughs, { cookie }), 400, '-4601');
      const external = `<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${tenantXml(newTenantFields(company)).replace('</company>', '&xxe;</company>')}`;
      await expectError(await sendXml(t, 'POST', '/tenant', external, { cookie }), 400, '-4601');
      const undeclared = tenantXml(newTenantFields(company)).replace('</company>', '&xxe;</company>');
      await expectError(await sendXml(t, 'POST', '/tenant', undeclared, { cookie }), 400, '-4601');
      const deep = `<platform><tenant><company>${'<a>'.repeat(100)}x${'</a>'.repeat(100)}</company></tenant></platform>`;
      await expectError(await sendXml(t, 'POST', '/tenant', deep, { cookie }), 400, '-4601');
      const huge = tenantXml(newTenantFields(company, { classification: 'x'.repeat(200_000) }));
      await expectError(await sendXml(t, 'POST', '/tenant', huge, { cookie }), 413, '-4601');
      assert.equal(await t.data.tenants.findByTenancyName(company), undefined);
    });

    it('answers 500 -1 for a real fault, without its internals', async () => {
      const original = t.services.tenantRegistry.read;
      t.services.tenantRegistry.read = async () => {
        throw new Error('connection to 10.0.0.5 refused: secret internals');
      };
      try {
        const answer = await restGet(t, `/tenant/${tenantId}`, { cookie });
        await expectError(answer, 500, '-1');
        assert.doesNotMatch(answer.text, /secret|10\.0\.0\.5/);
      } finally {
        t.services.tenantRegistry.read = original;
      }
    });

    it('never answers 500 to any input of a table of hostile requests', async () => {
      const xml = 'application/xml';
      const json = 'application/json';
      const bodies: [string, string][] = [
        ['<', xml], ['<platform>', xml], ['<platform/>', xml], ['<platform>text</platform>', xml], [']]>', xml], ['<![CDATA[x]]>', xml],
        ['<platform><tenant><company>&#0;</company></tenant></platform>', xml],
        ['<platform><tenant><company>\u0000</company></tenant></platform>', xml],
        ['<platform><tenant><company>&#xD800;</company></tenant></platform>', xml],
        ['<?xml version="1.0" encoding="UTF-16"?><platform><tenant/></platform>', xml],
        ['<a:platform xmlns:a="urn:x"><a:tenant/></a:platform>', xml],
        ['<platform><tenant><__proto__>1</__proto__><constructor>2</constructor><toString>3</toString></tenant></platform>', xml],
        ['<platform><tenant/><tenant/></platform>', xml],
        ['<platform><tenant><company>a</company><company>b</company></tenant></platform>', xml],
        [`<platform><tenant>${'<x>1</x>'.repeat(5000)}</tenant></platform>`, xml],
        ['<platform><tenant><company attr="&lt;x">y</company></tenant></platform>', xml],
        ['<platform><login><userName>\u0001</userName><password>x</password></login></platform>', xml],
        ['[]', json], ['null', json], ['"x"', json], ['1', json], ['{"platform":[]}', json], ['{"platform":{"tenant":[]}}', json],
        ['{"platform":{"tenant":{"company":{"a":1}}}}', json],
        ['{"platform":{"tenant":{"company":"\\u0000","city":"\\ud800"}}}', json],
        ['{"__proto__":{"polluted":1}}', json],
        ['{"platform":{"tenant":{"__proto__":"x","constructor":"y","hasOwnProperty":"z"}}}', json],
        ['{"platform":{"tenant":{"number_of_users":1e400,"trial_days":99999999999,"discount":"1e5"}}}', json],
        ['{"platform":{"tenant":{"next_billing_date":"0000-01-01","start_date":"x","base_subscriber_plan":"999999999999999999999"}}}', json],
        ['{"platform":{"tenant":{"base_subscriber_plan":{"content":"5","evil":1}}}}', json],
        ['{"platform":{"login":{"userName":"\\u0000","password":"x"}}}', json],
        ['{"platform":{"login":{"userName":"a","password":"b","tenancyName":"\\u0000"}}}', json],
        ['{"platform":{"login":{"userName":["a"],"password":{"x":1}}}}', json],
        ['{"platform":{"tenant":{"time_zone":"../../etc/passwd","country":"\\u202e","phone":"+999999999999999999999"}}}', json],
        ['{"platform":{"tenant":{"service_portal_sub_domain":"a\\u0000b"}},"appList":"\\u0000","isCaseDynamics":[1]}', json],
        ['company=x', 'application/x-www-form-urlencoded'],
        ['--x\r\n\r\n--x--', 'multipart/form-data; boundary=x'],
        ['<platform/>', 'application/xml; charset=latin1'],
      ];
      const paths = ['/tenant', `/tenant/${tenantId}`, '/login'];
      const queries = [
        '/tenant/%00', '/tenant/-1', '/tenant/1.5', '/tenant/%27%20OR%201=1', '/tenant/1e3', `/tenant/${'9'.repeat(500)}`,
        '/tenant?page=99999999999', '/tenant?page=-1', '/tenant?pageSize=-5', '/tenant?pageSize=1e3', '/tenant?page=1&page=2',
        '/tenant?sortBy=name;drop%20table%20tenants', '/tenant?sortBy=password', '/tenant?sortOrder=%00', '/tenant?sortBy=__proto__',
        `/tenant?fieldList=${'a,'.repeat(2000)}`, '/tenant?fieldList=constructor', '/tenant?filter=%00', '/tenant?filter=%27',
        '/tenant?alt=%00', '/tenant?getTotalRecordCount=maybe', '/tenant?%20sortby=%27id%27', '/timeZones?alt=json&alt=xml',
      ];
      const failures: string[] = [];
      for (const path of paths) {
        for (const [body, type] of bodies) {
          for (const method of path === '/login' ? ['POST'] : path === '/tenant' ? ['POST'] : ['PUT']) {
            const answer = await sendRaw(t, method, path, body, type, { cookie });
            if (answer.status >= 500 || !answer.text.includes('<code>')) failures.push(`${method} ${path} ${type} ${body.slice(0, 60)} → ${answer.status}`);
          }
        }
      }
      for (const query of queries) {
        const answer = await restGet(t, query, { cookie, headers: { accept: 'application/xml' } });
        // 414 (a path parameter longer than the router accepts) is answered by the framework before any route.
        const platformAnswer = answer.text.includes('<code>') || answer.status === 414;
        if (answer.status >= 500 || !platformAnswer) failures.push(`GET ${query.slice(0, 80)} → ${answer.status}`);
      }
      assert.deepEqual(failures, []);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });
  });
}
