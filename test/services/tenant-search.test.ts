import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TenantRow } from '../../src/data/tenants.js';
import type { Caller } from '../../src/domain/caller.js';
import { FilterSyntaxError } from '../../src/domain/filter/index.js';
import type { TenantSearchQuery } from '../../src/services/tenants/search.js';
import { testEngines } from '../helpers/engines.js';
import { createTenant, unique } from '../helpers/fixtures.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.js';

/** Five tenants of one test's own (a classification marks them), with values to filter and sort on. */
const samples = [
  { name: 'Bob Smith Inc', city: 'Sunnyvale', number_of_users: 10, free: true, start_date: '2010-11-12T13:14:15Z' },
  { name: 'greene services', city: 'Paris', number_of_users: 3, free: false, start_date: '2010-11-12T20:00:00Z' },
  { name: 'Alpha Smithy', city: null, number_of_users: null, free: null, start_date: '2011-01-01T00:00:00Z' },
  { name: "O'Reilly & Smith", city: 'paris', number_of_users: 3, free: true, start_date: '2012-06-30T08:00:00Z' },
  { name: 'Zeta', city: 'Lyon', number_of_users: 7, free: false, start_date: '2009-02-01T00:00:00Z' },
];

for (const engine of testEngines()) {
  describe(`tenant search on ${engine.name}`, () => {
    let t: TestApp;
    let host: Caller;
    let marker: string;
    let tenants: TenantRow[];

    const query = (filter: string, more: Partial<TenantSearchQuery> = {}): TenantSearchQuery => ({
      filter: `classification = '${marker}' AND (${filter})`,
      sort: [],
      page: 0,
      pageSize: 100,
      withTotal: false,
      ...more,
    });
    const names = async (filter: string, more: Partial<TenantSearchQuery> = {}) =>
      (await t.services.tenantSearch.search(host, query(filter, more))).tenants.map((tenant) => tenant.name);

    before(async () => {
      t = await startTestApp(engine);
      host = await t.services.auth.callerFromBearer(await t.http.signIn('admin', HOST_ADMIN_PASSWORD));
      marker = unique('search-');
      tenants = [];
      for (const [i, sample] of samples.entries()) {
        const tenancyName = unique('Search');
        const number = 3_000_000_000 + Math.floor(Math.random() * 1_000_000_000) * 10 + i;
        tenants.push(await t.data.tenants.insert({ ...sample, tenancy_name: tenancyName, classification: marker, number }));
      }
    });
    after(() => t.close());

    it('finds tenants with the spec’s sample filter, ignoring case', async () => {
      assert.deepEqual(await names("name contains 'smith'", { sort: [{ field: "'id'", order: 'asc' }] }), ['Bob Smith Inc', 'Alpha Smithy', "O'Reilly & Smith"]);
    });

    it('combines comparisons with AND, OR and parentheses', async () => {
      const sort = [{ field: 'name', order: 'asc' as const }];
      assert.deepEqual(await names("city = 'PARIS' AND free = 1 OR number_of_users > 5", { sort }), ['Bob Smith Inc', "O'Reilly & Smith", 'Zeta']);
      assert.deepEqual(await names("city = 'PARIS' AND (free = 1 OR number_of_users > 5)", { sort }), ["O'Reilly & Smith"]);
      assert.deepEqual(await names("city != 'paris|lyon'", { sort }), ['Alpha Smithy', 'Bob Smith Inc'], 'a tenant without a city is not in Paris');
      assert.deepEqual(await names('city = BLANK', { sort }), ['Alpha Smithy']);
      assert.deepEqual(await names('start_date = 2010-11-12', { sort }), ['Bob Smith Inc', 'greene services']);
      assert.deepEqual(await names("start_date < '01/01/2011' AND name ends with 'INC'", { sort }), ['Bob Smith Inc']);
    });

    it('takes quotes and SQL in values as plain text', async () => {
      assert.deepEqual(await names("name starts with 'o''reilly'"), ["O'Reilly & Smith"]);
      assert.deepEqual(await names("name = 'x''; drop table tenants; --'"), []);
      assert.ok(await t.data.tenants.findLive(tenants[0]!.id), 'the registry is still there');
    });

    it('answers filters at the edges of every type without a server fault', async () => {
      const edges = [
        'start_date <= 9999-12-31 AND start_date > 0001-01-01',
        "next_billing_date = '12/31/9999' OR date_modified != '0001-01-01T00:00:00Z'",
        'discount = 99999999999999.9 OR discount > -0.000000000000001',
        'number = -999999999999999 OR id = 999999999999999 OR owner_id = 0',
        "name contains '\\%_' OR city = 'é|É|😀' OR zip starts with ''''",
        'trial_account = BLANK OR free != true OR active = 0',
      ];
      for (const filter of edges) {
        const result = await t.services.tenantSearch.search(host, query(filter, { withTotal: true }));
        assert.equal(result.total, result.tenants.length, filter);
        assert.ok(result.tenants.length <= samples.length, filter);
      }
    });

    it('sorts by a field, text ignoring case, ties broken by a second field and then the id', async () => {
      assert.deepEqual(await names('id > 0', { sort: [{ field: 'name', order: 'asc' }] }), ['Alpha Smithy', 'Bob Smith Inc', 'greene services', "O'Reilly & Smith", 'Zeta']);
      assert.deepEqual(await names('id > 0', { sort: [{ field: 'NAME', order: 'desc' }] }), ['Zeta', "O'Reilly & Smith", 'greene services', 'Bob Smith Inc', 'Alpha Smithy']);
      assert.deepEqual(
        await names('id > 0', { sort: [{ field: 'number_of_users', order: 'desc' }, { field: 'name', order: 'desc' }] }),
        ['Bob Smith Inc', 'Zeta', "O'Reilly & Smith", 'greene services', 'Alpha Smithy'],
        'empty fields come last',
      );
      assert.deepEqual(await names('id > 0', { sort: [{ field: 'city', order: 'asc' }, { field: 'start_date', order: 'desc' }] }), [
        'Zeta',
        "O'Reilly & Smith",
        'greene services',
        'Bob Smith Inc',
        'Alpha Smithy',
      ]);
    });

    it('pages through the matches and counts them all', async () => {
      const sort = [{ field: 'name', order: 'asc' as const }];
      const first = await t.services.tenantSearch.search(host, query('id > 0', { sort, page: 0, pageSize: 2, withTotal: true }));
      assert.deepEqual([first.tenants.map((x) => x.name), first.total], [['Alpha Smithy', 'Bob Smith Inc'], 5]);
      const last = await t.services.tenantSearch.search(host, query('id > 0', { sort, page: 2, pageSize: 2, withTotal: true }));
      assert.deepEqual([last.tenants.map((x) => x.name), last.total], [['Zeta'], 5]);
      const beyond = await t.services.tenantSearch.search(host, query('id > 0', { sort, page: 3, pageSize: 2, withTotal: true }));
      assert.deepEqual([beyond.tenants, beyond.total], [[], 5]);
      const uncounted = await t.services.tenantSearch.search(host, query('id > 0', { sort, pageSize: 1 }));
      assert.equal(uncounted.total, undefined);
    });

    it('leaves deleted tenants out unless asked to include them', async () => {
      const doomed = await createTenant(t);
      await t.data.tenants.update(doomed.tenant.id, { classification: marker });
      await t.services.tenantLifecycle.delete(host, doomed.tenant.id);
      const filter = `id = ${doomed.tenant.id}`;
      assert.deepEqual(await names(filter), []);
      assert.deepEqual(await names(filter, { includeDeleted: true }), [doomed.tenant.name]);
      const all = await t.services.tenantSearch.search(host, query('id > 0', { withTotal: true }));
      assert.equal(all.total, 5);
    });

    it('lists every live tenant but never the host when there is no filter', async () => {
      for (const filter of [undefined, '', '   ']) {
        // Newest first: this test's tenants are among the last thousand created whatever the database holds.
        const result = await t.services.tenantSearch.search(host, { filter, sort: [{ field: 'id', order: 'desc' }], page: 0, pageSize: 1000, withTotal: true });
        assert.ok(result.total! >= 5);
        assert.ok(!result.tenants.some((tenant) => tenant.id === 0), 'the host is not a tenant');
        for (const mine of tenants) assert.ok(result.tenants.some((tenant) => tenant.id === mine.id), `tenant ${mine.id} is listed`);
      }
    });

    it('refuses bad paging, sorting and filters with a validation error naming the parameter', async () => {
      const table: [Partial<TenantSearchQuery>, string, RegExp][] = [
        [{ page: -1 }, 'page', /from 0/],
        [{ page: 1.5 }, 'page', /whole number/],
        [{ page: Number.MAX_SAFE_INTEGER }, 'page', /beyond/],
        [{ pageSize: 0 }, 'pageSize', /from 1 to 1000/],
        [{ pageSize: 1001 }, 'pageSize', /from 1 to 1000/],
        [{ pageSize: Number.NaN }, 'pageSize', /from 1 to 1000/],
        [{ sort: [{ field: 'nope', order: 'asc' }] }, 'sortBy', /Unknown field "nope"/],
        [{ sort: [{ field: 'id', order: 'asc' }, { field: 'password', order: 'asc' }] }, 'sortBy2', /"password" cannot be sorted on/],
        [{ sort: [{ field: 'id', order: 'up' as 'asc' }] }, 'sortOrder', /asc or desc/],
        [{ filter: 'name = AND' }, 'filter', /Unexpected "AND" at position 8: expected a value/],
        [{ filter: "number_of_users = 'abc'" }, 'filter', /"abc" .* not a number/],
        [{ filter: "secret = 'x'" }, 'filter', /Unknown field "secret"/],
      ];
      for (const [bad, field, message] of table) {
        await assert.rejects(
          t.services.tenantSearch.search(host, { filter: undefined, sort: [], page: 0, pageSize: 10, withTotal: false, ...bad }),
          (error: { code?: string; fields?: { field: string }[]; message: string }) => {
            assert.equal(error.code, 'validation', JSON.stringify(bad));
            assert.deepEqual(error.fields?.map((f) => f.field), [field]);
            assert.match(error.message, message);
            assert.doesNotMatch(error.message, /select|where|lower\(/i, 'no SQL in messages');
            return true;
          },
        );
      }
      await assert.rejects(t.services.tenantSearch.search(host, query('name = "x"')), FilterSyntaxError);
    });

    it('forbids the search to a tenant admin, before looking at the query', async () => {
      const tenant = await createTenant(t);
      const admin = await t.services.auth.callerFromBearer(await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name));
      await assert.rejects(t.services.tenantSearch.search(admin, query('id > 0')), { code: 'forbidden' });
      await assert.rejects(t.services.tenantSearch.search(admin, { ...query('name = AND'), pageSize: 5000 }), { code: 'forbidden' });
    });
  });
}
