import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Caller } from '../../../src/domain/caller.js';
import { testEngines } from '../../helpers/engines.js';
import { createTenant } from '../../helpers/fixtures.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { WHO_AM_I } from '../../helpers/http.js';

const LINK = '/api/services/Platform/UserLink';
const SWITCH = '/api/services/Platform/Account/SwitchToLinkedAccount';
const REDEEM = '/api/TokenAuth/LinkedAccountAuthenticate';
const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true';

/** A tenant admin: who it is, how to sign in to it, and a token of it. */
interface Account {
  tenantId: number;
  userId: number;
  tenancyName: string;
  password: string;
  token: string;
}

for (const engine of testEngines()) {
  describe(`linked accounts on ${engine.name}`, () => {
    let t: TestApp;
    let host: Caller;
    before(async () => {
      t = await startTestApp(engine);
      host = await t.services.auth.callerFromBearer(await t.http.signIn('admin', HOST_ADMIN_PASSWORD));
    });
    after(() => t.close());

    async function account(): Promise<Account> {
      const tenant = await createTenant(t);
      const token = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      return { tenantId: tenant.tenant.id, userId: tenant.admin.id, tenancyName: tenant.tenant.tenancy_name, password: tenant.password, token };
    }

    /** Links `from` to `to` the way the spec's sample does (with its OData content type). */
    function link(from: Account, to: { tenancyName: string; password: string }, usernameOrEmailAddress = 'admin') {
      return t.http.post(`${LINK}/LinkToUser`, undefined, {
        token: from.token,
        raw: JSON.stringify({ tenancyName: to.tenancyName, usernameOrEmailAddress, password: to.password }),
        headers: { 'content-type': ODATA_JSON },
      });
    }

    async function linkedIds(who: Account): Promise<string[]> {
      const answer = await t.http.get(`${LINK}/GetLinkedUsers?maxResultCount=100`, { token: who.token });
      assert.equal(answer.status, 200, answer.text);
      return answer.body.items.map((u: { tenantId: number; id: number }) => `${u.tenantId}:${u.id}`).sort();
    }

    const idOf = (a: Account) => `${a.tenantId}:${a.userId}`;

    it('links two accounts of different tenants, answering 200 with an empty body, visible from both sides', async () => {
      const a = await account();
      const b = await account();
      const answer = await link(a, b);
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.text, '');

      const fromA = await t.http.get(`${LINK}/GetLinkedUsers`, { token: a.token });
      assert.deepEqual(fromA.body, { totalCount: 1, items: [{ id: b.userId, tenantId: b.tenantId, tenancyName: b.tenancyName, username: 'admin' }] });
      const fromB = await t.http.get(`${LINK}/GetLinkedUsers`, { token: b.token });
      assert.deepEqual(fromB.body.items, [{ id: a.userId, tenantId: a.tenantId, tenancyName: a.tenancyName, username: 'admin' }]);

      const again = await link(a, b);
      assert.equal(again.status, 200, 'linking an account already linked is a no-op');
      assert.deepEqual(await linkedIds(a), [idOf(b)]);
    });

    it('merges link groups: A–B, C–D, then B–C links all four', async () => {
      const [a, b, c, d] = [await account(), await account(), await account(), await account()];
      assert.equal((await link(a, b)).status, 200);
      assert.equal((await link(c, d)).status, 200);
      assert.equal((await link(b, c)).status, 200);
      assert.deepEqual(await linkedIds(a), [b, c, d].map(idOf).sort());
      assert.deepEqual(await linkedIds(d), [a, b, c].map(idOf).sort());
      const page = await t.http.get(`${LINK}/GetLinkedUsers?maxResultCount=2&skipCount=2&sorting=tenancyName%20desc`, { token: a.token });
      assert.equal(page.body.totalCount, 3);
      assert.equal(page.body.items.length, 1);
      const expectedLast = [b, c, d].map((x) => x.tenancyName).sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase()))[0];
      assert.equal(page.body.items[0].tenancyName, expectedLast);
      const recent = await t.http.get(`${LINK}/GetRecentlyUsedLinkedUsers`, { token: d.token });
      assert.equal(recent.status, 200);
      assert.equal(recent.body.items.length, 3);
    });

    it('refuses to link an account to itself', async () => {
      const a = await account();
      const answer = await link(a, a);
      assert.equal(answer.status, 400);
      assert.match(answer.body.error.message, /itself/);
    });

    it('refuses with sign-in’s reasons: unknown tenancy (the spec’s sample), bad credentials, inactive tenant, inactive user', async () => {
      const a = await account();
      const sample = await t.http.post(`${LINK}/LinkToUser`, undefined, {
        token: a.token,
        raw: JSON.stringify({ tenancyName: 'string', usernameOrEmailAddress: 'string', password: 'string' }),
        headers: { 'content-type': ODATA_JSON },
      });
      assert.equal(sample.status, 400);
      assert.match(sample.body.error.message, /no tenant with the tenancy name "string"/);
      assert.equal(sample.body.unAuthorizedRequest, false, 'the caller itself stays signed in');

      const b = await account();
      const wrong = await link(a, { tenancyName: b.tenancyName, password: 'wrong-password' });
      assert.equal(wrong.status, 400);
      assert.match(wrong.body.error.message, /Invalid user name or password/);

      const suspended = await account();
      await t.services.tenantLifecycle.setActive(host, suspended.tenantId, false);
      const inactiveTenant = await link(a, suspended);
      assert.equal(inactiveTenant.status, 400);
      assert.match(inactiveTenant.body.error.message, /is not active/);

      const c = await account();
      const user = { userName: 'second', name: 'S', surname: 'U', emailAddress: `second.${c.tenancyName.toLowerCase()}@example.com`, password: 'Second-1', isActive: false };
      assert.equal((await t.http.post('/api/services/Platform/User/CreateUser', user, { token: c.token })).status, 200);
      const inactiveUser = await link(a, { tenancyName: c.tenancyName, password: 'Second-1' }, 'second');
      assert.equal(inactiveUser.status, 400);
      assert.match(inactiveUser.body.error.message, /user is not active/);

      assert.deepEqual(await linkedIds(a), [], 'no failed attempt linked anything');
    });

    it('never links host accounts', async () => {
      const a = await account();
      const toHost = await t.http.post(`${LINK}/LinkToUser`, { tenancyName: '', usernameOrEmailAddress: 'admin', password: HOST_ADMIN_PASSWORD }, { token: a.token });
      assert.equal(toHost.status, 400);
      assert.deepEqual(toHost.body.error.validationErrors[0].members, ['tenancyName']);
      const hostToken = await t.http.signIn('admin', HOST_ADMIN_PASSWORD);
      const fromHost = await t.http.post(`${LINK}/LinkToUser`, { tenancyName: a.tenancyName, usernameOrEmailAddress: 'admin', password: a.password }, { token: hostToken });
      assert.equal(fromHost.status, 403);
      const hostUserId = (await t.http.get(WHO_AM_I, { token: hostToken })).body.user.id;
      const switchToHost = await t.http.post(SWITCH, { targetUserId: hostUserId, targetTenantId: null }, { token: a.token });
      assert.equal(switchToHost.status, 403);
    });

    it('switches to a linked account with a single-use token: the second redemption is a 401', async () => {
      const a = await account();
      const b = await account();
      await link(a, b);
      const issued = await t.http.post(SWITCH, { targetUserId: b.userId, targetTenantId: b.tenantId }, { token: a.token });
      assert.equal(issued.status, 200, issued.text);
      assert.equal(issued.body.tenancyName, b.tenancyName);
      assert.equal(typeof issued.body.switchAccountToken, 'string');

      const redeemed = await t.http.post(REDEEM, { switchAccountToken: issued.body.switchAccountToken });
      assert.equal(redeemed.status, 200, redeemed.text);
      assert.equal(redeemed.body.userId, b.userId);
      assert.equal(redeemed.body.tenantId, b.tenantId);
      for (const field of ['accessToken', 'encryptedAccessToken', 'refreshToken']) assert.equal(typeof redeemed.body[field], 'string');
      const me = await t.http.get(WHO_AM_I, { token: redeemed.body.accessToken });
      assert.equal(me.body.tenant.id, b.tenantId);

      const replay = await t.http.post(REDEEM, { switchAccountToken: issued.body.switchAccountToken });
      assert.equal(replay.status, 401);
    });

    it('refuses a switch token after its minute has passed', async () => {
      const a = await account();
      const b = await account();
      await link(a, b);
      const issued = await t.http.post(SWITCH, { targetUserId: b.userId, targetTenantId: b.tenantId }, { token: a.token });
      const row = await t.database.db
        .selectFrom('one_time_tokens')
        .select(['expires_at', 'created_at'])
        .where('tenant_id', '=', b.tenantId)
        .where('purpose', '=', 'account_switch')
        .executeTakeFirstOrThrow();
      assert.equal(row.expires_at.getTime() - row.created_at.getTime() <= 61_000, true, 'valid one minute');
      await t.database.db
        .updateTable('one_time_tokens')
        .set({ expires_at: sql<Date>`now() - interval '1 second'` })
        .where('tenant_id', '=', b.tenantId)
        .execute();
      assert.equal((await t.http.post(REDEEM, { switchAccountToken: issued.body.switchAccountToken })).status, 401);
    });

    it('refuses a switch to an account that is not linked, and garbage tokens', async () => {
      const a = await account();
      const stranger = await account();
      const answer = await t.http.post(SWITCH, { targetUserId: stranger.userId, targetTenantId: stranger.tenantId }, { token: a.token });
      assert.equal(answer.status, 403);
      const nobody = await t.http.post(SWITCH, { targetUserId: 987_654_321, targetTenantId: stranger.tenantId }, { token: a.token });
      assert.equal(nobody.status, 403);
      assert.equal((await t.http.post(REDEEM, { switchAccountToken: 'garbage' })).status, 401);
      assert.equal((await t.http.post(REDEEM, {})).status, 400);
    });

    it('unlinks: neither side lists the other, and a switch token issued before stops working', async () => {
      const a = await account();
      const b = await account();
      const c = await account();
      await link(a, b);
      await link(a, c);
      const early = await t.http.post(SWITCH, { targetUserId: b.userId, targetTenantId: b.tenantId }, { token: a.token });
      const unlinked = await t.http.post(`${LINK}/UnlinkUser`, { userId: b.userId, tenantId: b.tenantId }, { token: a.token });
      assert.equal(unlinked.status, 200, unlinked.text);
      assert.deepEqual(await linkedIds(a), [idOf(c)]);
      assert.deepEqual(await linkedIds(b), []);
      assert.equal((await t.http.post(REDEEM, { switchAccountToken: early.body.switchAccountToken })).status, 401);
      assert.equal((await t.http.post(SWITCH, { targetUserId: b.userId, targetTenantId: b.tenantId }, { token: a.token })).status, 403);
      assert.equal((await t.http.post(`${LINK}/UnlinkUser`, { userId: b.userId, tenantId: b.tenantId }, { token: a.token })).status, 404);

      // The last pair dissolves: c leaves, and a is linked to nobody.
      assert.equal((await t.http.post(`${LINK}/UnlinkUser`, { userId: c.userId, tenantId: c.tenantId }, { token: a.token })).status, 200);
      assert.deepEqual(await linkedIds(a), []);
      assert.deepEqual(await linkedIds(c), []);
    });

    it('a deleted user leaves its link group', async () => {
      const a = await account();
      const b = await account();
      const user = { userName: 'linked', name: 'L', surname: 'U', emailAddress: `linked.${b.tenancyName.toLowerCase()}@example.com`, password: 'Linked-1', roleNames: [] };
      const created = (await t.http.post('/api/services/Platform/User/CreateUser', user, { token: b.token })).body;
      await link(a, { tenancyName: b.tenancyName, password: 'Linked-1' }, 'linked');
      assert.deepEqual(await linkedIds(a), [`${b.tenantId}:${created.id}`]);
      assert.equal((await t.http.delete(`/api/services/Platform/User/DeleteUser?id=${created.id}`, { token: b.token })).status, 200);
      assert.deepEqual(await linkedIds(a), []);
    });

    it('refuses every linking method to anonymous callers', async () => {
      assert.equal((await t.http.post(`${LINK}/LinkToUser`, { tenancyName: 'x', usernameOrEmailAddress: 'y', password: 'z' })).status, 401);
      assert.equal((await t.http.get(`${LINK}/GetLinkedUsers`)).status, 401);
      assert.equal((await t.http.post(`${LINK}/UnlinkUser`, { userId: 1, tenantId: 1 })).status, 401);
      assert.equal((await t.http.post(SWITCH, { targetUserId: 1, targetTenantId: 1 })).status, 401);
    });
  });
}
