import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { after, before, describe, it } from 'node:test';
import type { TenantSearchQuery } from '../../../src/services/tenants/search.js';
import { testEngines } from '../../helpers/engines.js';
import { unique } from '../../helpers/fixtures.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { child, createdId, messageOf, newTenantFields, restGet, restLogin, sendXml, tenantXml, xmlTree } from './rest-client.js';

const CONFIGURATION = '/api/services/Platform/HostSettings/UpdateTenantConfiguration';

for (const engine of testEngines()) {
  describe(`REST tenant search on ${engine.name}`, () => {
    let t: TestApp;
    let cookie: string;
    /** Five tenants made by this suite, newest last; every search below sorts them to the front by id. */
    let ids: number[];
    before(async () => {
      t = await startTestApp(engine);
      cookie = await restLogin(t);
      ids = [];
      const prefix = unique('Search');
      for (const letter of ['c', 'a', 'e', 'b', 'd']) {
        ids.push(createdId(await sendXml(t, 'POST', '/tenant', tenantXml(newTenantFields(`${prefix} ${letter}`)), { cookie })));
      }
    });
    after(() => t.close());

    const search = (query: string, accept = 'application/xml') => restGet(t, `/tenant?${query}`, { cookie, headers: { accept } });
    const recordsOf = (xml: string) => xmlTree(xml).children.filter((c) => c.name === 'tenant');
    const idsOf = (xml: string) => recordsOf(xml).map((record) => Number(child(record, 'id')!.text));
    const newestFirst = () => [...ids].reverse();

    it('pages through the newest tenants by id, 0-based, with recordCount for the page', async () => {
      const first = await search('sortBy=id&sortOrder=desc&pageSize=2');
      assert.equal(first.status, 200, first.text);
      assert.deepEqual(idsOf(first.text), newestFirst().slice(0, 2));
      const document = xmlTree(first.text);
      assert.deepEqual(document.children.map((c) => c.name), ['tenant', 'tenant', 'message', 'recordCount']);
      assert.equal(child(document, 'recordCount')!.text, '2');
      const second = await search('sortBy=id&sortOrder=DESC&pageSize=2&page=1');
      assert.deepEqual(idsOf(second.text), newestFirst().slice(2, 4));
    });

    it("reads the spec's sample parameters: quoted values, a lower-case name after a space", async () => {
      const answer = await restGet(t, `/tenant?fieldList=name,id&%20sortby='id'&sortOrder="desc"&pageSize=5`, { cookie });
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(idsOf(answer.text), newestFirst());
      for (const record of recordsOf(answer.text)) assert.deepEqual(record.children.map((c) => c.name).sort(), ['id', 'name']);
    });

    it('sorts by a field and a second field in either order', async () => {
      const ascending = await search('sortBy=company&sortOrder=asc&sortBy2=id&sortOrder2=desc&pageSize=1000&fieldList=company');
      const companies = recordsOf(ascending.text).map((r) => child(r, 'company')!.text);
      const byDatabase = await t.database.db
        .selectFrom('tenants')
        .select('company_name')
        .where('id', '<>', 0)
        .where('deleted_at', 'is', null)
        // The search's documented text order: ignoring case, empty values last, then the second key.
        .orderBy(sql`lower(company_name)`, (order) => order.asc().nullsLast())
        .orderBy('id', 'desc')
        .limit(1000)
        .execute();
      // The test's XML reader trims element text, so compare trimmed names.
      assert.deepEqual(companies, byDatabase.map((r) => (r.company_name ?? '').trim()));
      const descending = await search('sortBy=id&sortOrder=desc&pageSize=5&sortBy2=name');
      assert.deepEqual(idsOf(descending.text), newestFirst());
    });

    it('shows only the fields of fieldList, id always; * and no fieldList show them all', async () => {
      const some = await search('fieldList=company,%20active&sortBy=id&sortOrder=desc&pageSize=1');
      assert.deepEqual(recordsOf(some.text)[0]!.children.map((c) => c.name), ['id', 'company', 'active']);
      const all = recordsOf((await search('fieldList=*&pageSize=1')).text)[0]!;
      const none = recordsOf((await search('pageSize=1')).text)[0]!;
      assert.equal(all.children.length, none.children.length);
      assert.ok(all.children.some((c) => c.name === 'owner_id' && c.attributes.uri));
      for (const bad of ['fieldList=company,colour', 'fieldList=password']) {
        const answer = await search(bad);
        assert.equal(answer.status, 400);
        assert.equal(messageOf(answer).code, '-300');
        assert.match(messageOf(answer).description, /fieldList/);
      }
    });

    it('adds totalRecordCount after recordCount only when asked (1/true), and it counts every live tenant', async () => {
      const [{ count }] = (await sql<{ count: number }>`select count(*)::int as count from tenants where id <> 0 and deleted_at is null`.execute(t.database.db)).rows as [
        { count: number },
      ];
      for (const flag of ['true', '1', 'TRUE']) {
        const document = xmlTree((await search(`getTotalRecordCount=${flag}&pageSize=2`)).text);
        assert.deepEqual(document.children.slice(-3).map((c) => c.name), ['message', 'recordCount', 'totalRecordCount']);
        assert.equal(Number(child(document, 'totalRecordCount')!.text), count);
      }
      for (const flag of ['false', '0']) assert.equal(child(xmlTree((await search(`getTotalRecordCount=${flag}`)).text), 'totalRecordCount'), undefined);
      assert.equal(child(xmlTree((await search('pageSize=1')).text), 'totalRecordCount'), undefined);
    });

    it('refuses page sizes outside 1 to 1000 and other bad parameters with a 400 naming them', async () => {
      assert.equal((await search('pageSize=1000')).status, 200);
      for (const [query, name] of [
        ['pageSize=1001', 'pageSize'], ['pageSize=0', 'pageSize'], ['pageSize=ten', 'pageSize'], ['page=-1', 'page'],
        ['sortOrder=up', 'sortOrder'], ['sortBy=colour', 'sortBy'], ['sortBy2=password', 'sortBy2'], ['getTotalRecordCount=yes', 'getTotalRecordCount'],
      ] as const) {
        const answer = await search(query);
        assert.equal(answer.status, 400, query);
        assert.equal(messageOf(answer).code, '-300');
        assert.match(messageOf(answer).description, new RegExp(`^${name}: `), query);
      }
    });

    it('hands the filter to the search service exactly as the client sent it', async () => {
      const seen: TenantSearchQuery[] = [];
      const original = t.services.tenantSearch.search;
      t.services.tenantSearch.search = async (caller, query) => {
        seen.push(query);
        return { tenants: [] };
      };
      try {
        const filter = "related_to='cases:1' AND category='29|27'";
        const answer = await search(`filter=${filter.replace(/ /g, '%20')}&pageSize=3&page=2&sortBy=name&getTotalRecordCount=1`);
        assert.equal(answer.status, 200);
        assert.deepEqual(seen, [{ filter, sort: [{ field: 'name', order: 'asc' }], page: 2, pageSize: 3, withTotal: true }]);
      } finally {
        t.services.tenantSearch.search = original;
      }
    });

    it('answers JSON with the records always in an array, recordCount a string, until strict compatibility is on', async () => {
      const token = await t.http.signIn('admin', HOST_ADMIN_PASSWORD);
      const one = await search('pageSize=1&fieldList=name', 'application/json');
      assert.ok(Array.isArray(one.body.platform.tenant));
      assert.equal(one.body.platform.tenant.length, 1);
      assert.equal(one.body.platform.recordCount, '1');
      assert.deepEqual(one.body.platform.message, { code: '0', description: 'Success' });
      const previous = (await t.http.get('/api/services/Platform/HostSettings/GetTenantConfiguration', { token })).body.restStrictCompatibility;
      try {
        assert.equal((await t.http.put(CONFIGURATION, { restStrictCompatibility: true }, { token })).status, 200);
        const strictOne = await search('pageSize=1&fieldList=name', 'application/json');
        assert.ok(!Array.isArray(strictOne.body.platform.tenant));
        assert.equal(typeof strictOne.body.platform.tenant.id, 'string');
        const strictTwo = await search('pageSize=2&fieldList=name&alt=json');
        assert.equal(strictTwo.body.platform.tenant.length, 2);
      } finally {
        await t.http.put(CONFIGURATION, { restStrictCompatibility: previous }, { token });
      }
      const empty = await search(`page=9999999&pageSize=1000`, 'application/json');
      assert.deepEqual(empty.body.platform.tenant, []);
      assert.equal(empty.body.platform.recordCount, '0');
    });

    it('lists the time zone codes in both formats without a session', async () => {
      const xml = await restGet(t, '/timeZones');
      assert.equal(xml.status, 200);
      const pacific = xmlTree(xml.text).children.find((c) => c.name === 'timeZone' && child(c, 'code')!.text === '12')!;
      assert.equal(child(pacific, 'zone')!.text, 'America/Los_Angeles');
      const json = await restGet(t, '/timeZones?alt=json');
      assert.equal(json.body.platform.timeZone.length, Number(json.body.platform.recordCount));
    });
  });
}
