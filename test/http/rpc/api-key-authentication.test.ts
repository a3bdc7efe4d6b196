import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { Caller } from '../../../src/domain/caller.js';
import { formatApiKey, parseApiKey } from '../../../src/services/security/api-key-format.js';
import { revocation } from '../../../src/services/security/revocation.js';
import { testEngines } from '../../helpers/engines.js';
import { createTenant, createUser } from '../../helpers/fixtures.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { API_KEY_DELETE, API_KEY_GET_ALL, API_KEY_UPDATE, generateKey, inFuture } from '../../helpers/api-key-fixtures.js';
import { WHO_AM_I } from '../../helpers/http.js';
import { waitFor } from '../../helpers/wait-for.js';

/** Retries `probe` until it answers `expected` or `ms` have passed; answers the last status seen. */
async function statusWithin(ms: number, expected: number, probe: () => Promise<number>): Promise<number> {
  const until = Date.now() + ms;
  let status = await probe();
  while (status !== expected && Date.now() < until) {
    await sleep(50);
    status = await probe();
  }
  return status;
}

for (const engine of testEngines()) {
  describe(`authenticating with an API key on ${engine.name}`, () => {
    let t: TestApp;
    let tenant: Awaited<ReturnType<typeof createTenant>>;
    let adminToken: string;
    let host: Caller;
    before(async () => {
      t = await startTestApp(engine);
      tenant = await createTenant(t);
      adminToken = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      host = await t.services.auth.callerFromBearer(await t.http.signIn('admin', HOST_ADMIN_PASSWORD));
    });
    after(() => t.close());

    it('accepts the key as Authorization: Bearer and as an api-key header, acting as its user', async () => {
      const { key } = await generateKey(t, adminToken);
      for (const headers of [{ authorization: `Bearer ${key}` }, { 'api-key': key }] as Record<string, string>[]) {
        const answer = await t.http.get(WHO_AM_I, { headers });
        assert.equal(answer.status, 200, JSON.stringify(headers));
        assert.equal(answer.body.user.id, tenant.admin.id);
        assert.equal(answer.body.tenant.id, tenant.tenant.id);
        assert.ok(answer.body.permissions.includes('ApiKeys.Manage'));
      }
    });

    it('refuses malformed, mistyped, unknown and wrong-secret keys with 401', async () => {
      const { key, id } = await generateKey(t, adminToken);
      const parts = parseApiKey(key)!;
      const mistyped = `${key.slice(0, -8)}${key.at(-8) === 'a' ? 'b' : 'a'}${key.slice(-7)}`;
      const otherSecret = formatApiKey({ ...parts, secret: 'A'.repeat(43) });
      const unknownId = formatApiKey({ ...parts, id: id + 1_000_000 });
      const otherTenant = formatApiKey({ ...parts, tenantId: parts.tenantId + 1 });
      for (const bad of ['tnt_', 'tnt_1_2_abc', key.slice(0, -1), `${key}x`, mistyped, otherSecret, unknownId, otherTenant]) {
        for (const headers of [{ authorization: `Bearer ${bad}` }, { 'api-key': bad }] as Record<string, string>[]) {
          const answer = await t.http.get(WHO_AM_I, { headers });
          assert.equal(answer.status, 401, bad);
          assert.equal(answer.body.unAuthorizedRequest, true);
        }
      }
      assert.equal((await t.http.get(WHO_AM_I, { headers: { 'api-key': key } })).status, 200, 'the real key still works');
    });

    it('stops working at its expiration instant', async () => {
      const expirationDate = inFuture(4_000);
      const { key } = await generateKey(t, adminToken, { expirationDate });
      assert.equal((await t.http.get(WHO_AM_I, { token: key })).status, 200);
      await sleep(Math.max(0, Date.parse(expirationDate) - Date.now()) + 20);
      assert.equal((await t.http.get(WHO_AM_I, { token: key })).status, 401, 'the cached key is checked against its expiry on every use');
    });

    it('stops working at once when deleted', async () => {
      const { key, id } = await generateKey(t, adminToken);
      assert.equal((await t.http.get(WHO_AM_I, { token: key })).status, 200, 'the key is verified and cached');
      assert.equal((await t.http.delete(`${API_KEY_DELETE}?id=${id}`, { token: adminToken })).status, 200);
      assert.equal((await t.http.get(WHO_AM_I, { token: key })).status, 401);
      assert.equal((await t.http.get(WHO_AM_I, { headers: { 'api-key': key } })).status, 401);
    });

    it('works only for the methods its paths name, in any spelling of them', async () => {
      const spellings = [
        'app/Session/GetCurrentLoginInformations',
        '/API/SERVICES/APP/SESSION/GETCURRENTLOGININFORMATIONS',
        'api/services/app/session/getcurrentlogininformations',
        '/app/session/GetCurrentLoginInformations/',
      ];
      for (const paths of spellings) {
        const { key } = await generateKey(t, adminToken, { paths });
        assert.equal((await t.http.get(WHO_AM_I, { token: key })).status, 200, paths);
        assert.equal((await t.http.get(`/${WHO_AM_I}`, { token: key })).status, 200, 'repeated slashes in the request');
        const other = await t.http.get(API_KEY_GET_ALL, { token: key });
        assert.equal(other.status, 403, paths);
        assert.equal(other.body.unAuthorizedRequest, false);
      }
      const listOnly = await generateKey(t, adminToken, { paths: 'Platform/ApiKey/GetAll' });
      assert.equal((await t.http.get(API_KEY_GET_ALL, { token: listOnly.key })).status, 200);
      assert.equal((await t.http.get(WHO_AM_I, { token: listOnly.key })).status, 403);
    });

    it('applies a change of paths at once', async () => {
      const { key, id } = await generateKey(t, adminToken);
      assert.equal((await t.http.get(WHO_AM_I, { token: key })).status, 200);
      const narrowed = await t.http.put(API_KEY_UPDATE, { id, paths: 'Platform/ApiKey/GetAll' }, { token: adminToken });
      assert.equal(narrowed.status, 200);
      assert.equal((await t.http.get(WHO_AM_I, { token: key })).status, 403);
    });

    it('acts with its user’s current permissions', async () => {
      const worker = await createUser(t, tenant.tenant, ['ApiKeys.Manage']);
      const { key } = await generateKey(t, worker.token);
      assert.deepEqual((await t.http.get(WHO_AM_I, { token: key })).body.permissions, ['ApiKeys.Manage']);
      const [roleName] = await t.data.roles.listRoleNamesOfUser(tenant.tenant.id, worker.user.id);
      const role = (await t.data.roles.findByName(tenant.tenant.id, roleName!))!;
      await t.data.transaction(async (tx) => {
        await tx.roles.setPermissions(tenant.tenant.id, role.id, ['ApiKeys.Manage', 'Users.Manage']);
        await revocation.userChanged(tx, tenant.tenant.id, worker.user.id);
      });
      await t.internals.gate.sync();
      assert.deepEqual((await t.http.get(WHO_AM_I, { token: key })).body.permissions, ['ApiKeys.Manage', 'Users.Manage']);
    });

    it('stops while its user is deactivated', async () => {
      const worker = await createUser(t, tenant.tenant, ['ApiKeys.Manage']);
      const { key } = await generateKey(t, worker.token);
      assert.equal((await t.http.get(WHO_AM_I, { token: key })).status, 200);
      await t.data.transaction(async (tx) => {
        await tx.users.update(tenant.tenant.id, worker.user.id, { is_active: false });
        await revocation.user(tx, tenant.tenant.id, worker.user.id, { block: true });
      });
      await t.internals.gate.sync();
      assert.equal((await t.http.get(WHO_AM_I, { token: key })).status, 401);
    });

    it('stops for good when its tenant is suspended: resuming does not revive it', async () => {
      const own = await createTenant(t);
      const token = await t.http.signIn('admin', own.password, own.tenant.tenancy_name);
      const { key } = await generateKey(t, token);
      assert.equal((await t.http.get(WHO_AM_I, { token: key })).status, 200);
      await t.services.tenantLifecycle.setActive(host, own.tenant.id, false);
      assert.equal((await t.http.get(WHO_AM_I, { token: key })).status, 401);
      assert.equal((await t.http.get(WHO_AM_I, { headers: { 'api-key': key } })).status, 401);
      await t.services.tenantLifecycle.setActive(host, own.tenant.id, true);
      assert.equal((await t.http.get(WHO_AM_I, { token: key })).status, 401);
    });

    it('stops when its tenant is deleted', async () => {
      const own = await createTenant(t);
      const token = await t.http.signIn('admin', own.password, own.tenant.tenancy_name);
      const { key } = await generateKey(t, token);
      assert.equal((await t.http.get(WHO_AM_I, { token: key })).status, 200);
      await t.services.tenantLifecycle.delete(host, own.tenant.id);
      assert.equal((await t.http.get(WHO_AM_I, { token: key })).status, 401);
    });

    it('records when the key was last used', async () => {
      const { key, id } = await generateKey(t, adminToken);
      const lastUsed = async () =>
        (await t.http.get(`${API_KEY_GET_ALL}?maxResultCount=1000`, { token: adminToken })).body.items.find((i: { id: number }) => i.id === id)
          .lastUsedTime as string | null;
      assert.equal(await lastUsed(), null);
      assert.equal((await t.http.get(WHO_AM_I, { token: key })).status, 200);
      const seen = await waitFor(async () => (await lastUsed()) ?? undefined, 'lastUsedTime to be recorded', 2_000);
      assert.ok(seen && Math.abs(Date.parse(seen) - Date.now()) < 3_600_000, 'lastUsedTime is set');
    });

    if (engine.name === 'postgres') {
      it('stops working on every instance when deleted on one', async () => {
        const other = await startTestApp(engine);
        try {
          const { key, id } = await generateKey(t, adminToken);
          assert.equal((await other.http.get(WHO_AM_I, { token: key })).status, 200, 'the other instance verified and cached it');
          assert.equal((await t.http.delete(`${API_KEY_DELETE}?id=${id}`, { token: adminToken })).status, 200);
          assert.equal(await statusWithin(2_000, 401, async () => (await other.http.get(WHO_AM_I, { token: key })).status), 401);
        } finally {
          await other.close();
        }
      });
    }
  });
}
