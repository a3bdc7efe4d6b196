import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../helpers/engines.js';
import { createTenant, unique } from '../../helpers/fixtures.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../../helpers/test-app.js';

const AUTH = '/api/TokenAuth/Authenticate';
const REFRESH = '/api/TokenAuth/RefreshToken';

for (const engine of testEngines()) {
  describe(`TokenAuth on ${engine.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine, { LOCKOUT_MAX_FAILURES: '3', LOCKOUT_SECONDS: '60' });
    });
    after(() => t.close());

    it('signs the host admin in without a tenancy name and answers the documented fields', async () => {
      const answer = await t.http.post(AUTH, { userNameOrEmailAddress: 'admin', password: HOST_ADMIN_PASSWORD });
      assert.equal(answer.status, 200);
      const body = answer.body;
      for (const field of ['accessToken', 'encryptedAccessToken', 'refreshToken']) assert.equal(typeof body[field], 'string');
      assert.equal(body.expireInSeconds, 86_400);
      assert.equal(body.refreshTokenExpireInSeconds, 31_536_000);
      assert.equal(body.tenantId, null);
      assert.equal(body.shouldResetPassword, false);
      assert.equal(typeof body.userId, 'number');
      assert.equal(body.sessionId, undefined, 'internal fields are not serialised');
    });

    it('signs a tenant user in by e-mail with the tenancy name, ignoring case', async () => {
      const tenant = await createTenant(t);
      const answer = await t.http.post(AUTH, {
        userNameOrEmailAddress: tenant.admin.email.toUpperCase(),
        password: tenant.password,
        tenancyName: tenant.tenant.tenancy_name.toLowerCase(),
      });
      assert.equal(answer.status, 200);
      assert.equal(answer.body.tenantId, tenant.tenant.id);
      assert.equal(answer.body.userId, tenant.admin.id);
    });

    it('gives the same answer for an unknown user and a wrong password', async () => {
      const unknown = await t.http.post(AUTH, { userNameOrEmailAddress: unique('nobody'), password: 'whatever1' });
      const wrong = await t.http.post(AUTH, { userNameOrEmailAddress: 'admin', password: 'wrong-password' });
      assert.equal(unknown.status, 401);
      assert.equal(wrong.status, 401);
      assert.deepEqual(unknown.body.error, wrong.body.error);
      assert.equal(unknown.body.unAuthorizedRequest, true);
      assert.equal(unknown.body.__abp, true);
    });

    it('refuses an unknown tenancy name and does not sign a tenant user in as host', async () => {
      const tenant = await createTenant(t);
      const unknown = await t.http.post(AUTH, { userNameOrEmailAddress: 'admin', password: tenant.password, tenancyName: unique('Nope') });
      assert.equal(unknown.status, 401);
      assert.match(unknown.body.error.message, /no tenant/i);
      const asHost = await t.http.post(AUTH, { userNameOrEmailAddress: tenant.admin.email, password: tenant.password });
      assert.equal(asHost.status, 401);
    });

    it('locks the account after the configured number of failures, even for the right password', async () => {
      const tenant = await createTenant(t);
      const tenancyName = tenant.tenant.tenancy_name;
      for (let i = 0; i < 3; i++) {
        const answer = await t.http.post(AUTH, { userNameOrEmailAddress: 'admin', password: 'bad-password', tenancyName });
        assert.equal(answer.status, 401);
      }
      const locked = await t.http.post(AUTH, { userNameOrEmailAddress: 'admin', password: tenant.password, tenancyName });
      assert.equal(locked.status, 401);
      // A lockout reads exactly like an unknown account, so it does not tell which accounts exist.
      const unknown = await t.http.post(AUTH, { userNameOrEmailAddress: unique('nobody'), password: tenant.password, tenancyName });
      assert.equal(locked.text, unknown.text);
    });

    it('names every missing field in a 400 and treats malformed JSON as a 400', async () => {
      const missing = await t.http.post(AUTH, {});
      assert.equal(missing.status, 400);
      const members = missing.body.error.validationErrors.flatMap((v: { members: string[] }) => v.members).sort();
      assert.deepEqual(members, ['password', 'userNameOrEmailAddress']);
      const malformed = await t.http.post(AUTH, undefined, { raw: '{"userNameOrEmailAddress":', headers: { 'content-type': 'application/json' } });
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.success, false);
    });

    it('accepts the OData-flavoured JSON content type and repeated slashes', async () => {
      const answer = await t.http.post(
        `/${AUTH}`,
        undefined,
        {
          raw: JSON.stringify({ userNameOrEmailAddress: 'admin', password: HOST_ADMIN_PASSWORD }),
          headers: { 'content-type': 'application/json;odata.metadata=minimal;odata.streaming=true' },
        },
      );
      assert.equal(answer.status, 200);
    });

    it('rotates refresh tokens and revokes the whole session when a used one is replayed', async () => {
      const first = (await t.http.post(AUTH, { userNameOrEmailAddress: 'admin', password: HOST_ADMIN_PASSWORD })).body;
      const second = await t.http.post(REFRESH, { refreshToken: first.refreshToken });
      assert.equal(second.status, 200);
      assert.notEqual(second.body.refreshToken, first.refreshToken);
      const probe = '/api/TokenAuth/LogOut';
      // The replay of the first refresh token ends the session: the newest tokens die with it.
      const replay = await t.http.post(REFRESH, { refreshToken: first.refreshToken });
      assert.equal(replay.status, 401);
      const refreshAgain = await t.http.post(REFRESH, { refreshToken: second.body.refreshToken });
      assert.equal(refreshAgain.status, 401);
      const useAccess = await t.http.post(probe, {}, { token: second.body.accessToken });
      assert.equal(useAccess.status, 401);
    });

    it('ends a session on log-out: its access token stops working at once', async () => {
      const token = await t.http.signIn('admin', HOST_ADMIN_PASSWORD);
      assert.equal((await t.http.post('/api/TokenAuth/LogOut', {}, { token })).status, 200);
      assert.equal((await t.http.post('/api/TokenAuth/LogOut', {}, { token })).status, 401);
    });

    it('refuses garbage and forged credentials with 401', async () => {
      for (const token of ['garbage', 'a.b.c', `${(await t.http.signIn('admin', HOST_ADMIN_PASSWORD)).slice(0, -2)}xx`]) {
        const answer = await t.http.post('/api/TokenAuth/LogOut', {}, { token });
        assert.equal(answer.status, 401, token);
      }
      const badRefresh = await t.http.post(REFRESH, { refreshToken: '0.00000000-0000-0000-0000-000000000000.aaaaaaaaaaaaaaaaaaaaaa' });
      assert.equal(badRefresh.status, 401);
    });
  });
}
