import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { accountMailEnv, accountRequestsSettled, linkInMail } from '../../helpers/account-mail.js';
import { generateKey } from '../../helpers/api-key-fixtures.js';
import { testEngines } from '../../helpers/engines.js';
import { createTenant, createUser, unique } from '../../helpers/fixtures.js';
import { askLoginLink, redeemLoginLink } from '../../helpers/login-links.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.js';
import { WHO_AM_I } from '../../helpers/http.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const ACCOUNT = '/api/services/Platform/Account';
const AUTHENTICATE = '/api/TokenAuth/Authenticate';

for (const engine of testEngines()) {
  describe(`forgot password (SendPasswordResetCode, GetResetPasswordCodeInfo, ResetPassword) on ${engine.name}`, () => {
    let smtp: SmtpSink;
    let t: TestApp;
    before(async () => {
      smtp = await startSmtpSink();
      t = await startTestApp(engine, accountMailEnv(smtp));
    });
    after(async () => {
      await t.close();
      await smtp.close();
    });

    /** A tenant admin who is signed in (access and refresh token), holds an API key and a login link. */
    async function signedInAdmin() {
      const tenant = await createTenant(t);
      const tenancyName = tenant.tenant.tenancy_name;
      const pair = (await t.http.post(AUTHENTICATE, { userNameOrEmailAddress: 'admin', password: tenant.password, tenancyName })).body;
      const key = await generateKey(t, pair.accessToken);
      const link = (await askLoginLink(t, pair.accessToken, tenant.admin.id)).body.loginLink as string;
      return { tenant, tenancyName, email: tenant.admin.email, pair, key, link };
    }

    it('mails a single-use code that sets a new password and ends every session, refresh token, API key and login link', async () => {
      const a = await signedInAdmin();
      const asked = await t.http.post(`${ACCOUNT}/SendPasswordResetCode`, { emailAddress: a.email.toUpperCase(), tenancyName: a.tenancyName });
      assert.equal(asked.status, 200, asked.text);
      const { params, url } = await linkInMail(smtp, a.email, '/account/reset-password');
      assert.equal(url.origin + url.pathname, `${t.config.publicUrl}/account/reset-password`);
      assert.equal(params.get('userId'), String(a.tenant.admin.id));
      const resetCode = params.get('resetCode')!;
      const stored = await t.data.oneTimeTokens.find(a.tenant.tenant.id, resetCode.split('.')[1]!);
      assert.equal(stored?.purpose, 'password_reset');
      assert.ok(!stored!.token_hash.toString('utf8').includes(resetCode.split('.')[2]!), 'the code is stored hashed');

      const info = await t.http.get(`${ACCOUNT}/GetResetPasswordCodeInfo?userId=${a.tenant.admin.id}&resetCode=${encodeURIComponent(resetCode)}`);
      assert.equal(info.status, 200, info.text);
      assert.equal(info.body.userName, 'admin');
      assert.equal(info.body.tenancyName, a.tenancyName);
      assert.equal(info.body.tenantId, a.tenant.tenant.id);

      const reset = await t.http.post(`${ACCOUNT}/ResetPassword`, { userId: a.tenant.admin.id, resetCode, password: 'Brand-new-pass-2' });
      assert.equal(reset.status, 200, reset.text);
      assert.deepEqual(reset.body, { canLogin: true, userName: 'admin' });

      assert.equal((await t.http.get(WHO_AM_I, { token: a.pair.accessToken })).status, 401, 'the old access token ends');
      assert.equal((await t.http.post('/api/TokenAuth/RefreshToken', { refreshToken: a.pair.refreshToken })).status, 401, 'the refresh token ends');
      assert.equal((await t.http.get(WHO_AM_I, { token: a.key.key })).status, 401, 'the API key ends');
      assert.equal((await redeemLoginLink(t, a.link)).status, 401, 'the login link ends');
      const old = await t.http.post(AUTHENTICATE, { userNameOrEmailAddress: 'admin', password: a.tenant.password, tenancyName: a.tenancyName });
      assert.equal(old.status, 401);
      await t.http.signIn('admin', 'Brand-new-pass-2', a.tenancyName);

      const again = await t.http.post(`${ACCOUNT}/ResetPassword`, { userId: a.tenant.admin.id, resetCode, password: 'Another-pass-3' });
      assert.equal(again.status, 400, 'the code works once');
      assert.deepEqual(again.body.error.validationErrors[0].members, ['resetCode']);
      const audit = await t.services.auditLog.list(await t.services.auth.callerFromBearer(await t.http.signIn('admin', 'Brand-new-pass-2', a.tenancyName)), { action: 'user.password_reset', skipCount: 0, maxResultCount: 10 });
      assert.equal(audit.items.length, 1);
    });

    it('answers an unknown address, an unknown tenancy name and a known address alike, and mails only the known one', async () => {
      const a = await signedInAdmin();
      const stranger = `${unique('nobody')}@example.com`;
      const answers = await Promise.all([
        t.http.post(`${ACCOUNT}/SendPasswordResetCode`, { emailAddress: stranger, tenancyName: a.tenancyName }),
        t.http.post(`${ACCOUNT}/SendPasswordResetCode`, { emailAddress: a.email, tenancyName: unique('NoSuchTenancy') }),
        t.http.post(`${ACCOUNT}/SendPasswordResetCode`, { emailAddress: a.email }),
        t.http.post(`${ACCOUNT}/SendPasswordResetCode`, { emailAddress: a.email, tenancyName: a.tenancyName }),
      ]);
      for (const answer of answers) {
        assert.equal(answer.status, 200);
        assert.equal(answer.text, answers[3]!.text);
      }
      await accountRequestsSettled(t);
      await linkInMail(smtp, a.email, '/account/reset-password');
      assert.equal(smtp.mailsTo(a.email).length, 1, 'one mail: the host has no such user, the unknown tenancy none');
      assert.equal(smtp.mailsTo(stranger).length, 0);
      assert.equal((await t.http.post(`${ACCOUNT}/SendPasswordResetCode`, { emailAddress: 'not-an-address' })).status, 400);
    });

    it('resolves the tenant from the Abp-TenantId header as ABP clients send it', async () => {
      const a = await signedInAdmin();
      const asked = await t.http.post(`${ACCOUNT}/SendPasswordResetCode`, { emailAddress: a.email }, { headers: { 'abp-tenantid': String(a.tenant.tenant.id) } });
      assert.equal(asked.status, 200);
      await linkInMail(smtp, a.email, '/account/reset-password');
      assert.equal((await t.http.post(`${ACCOUNT}/SendPasswordResetCode`, { emailAddress: a.email }, { headers: { 'abp-tenantid': 'x1' } })).status, 400);
    });

    it("refuses a code for another user, an expired code, and keeps the code when the password breaks the tenant's policy", async () => {
      const a = await signedInAdmin();
      const other = await createUser(t, a.tenant.tenant, []);
      await t.http.post(`${ACCOUNT}/SendPasswordResetCode`, { emailAddress: a.email, tenancyName: a.tenancyName });
      const resetCode = (await linkInMail(smtp, a.email, '/account/reset-password')).params.get('resetCode')!;

      const foreign = await t.http.post(`${ACCOUNT}/ResetPassword`, { userId: other.user.id, resetCode, password: 'Brand-new-pass-2' });
      assert.equal(foreign.status, 400);
      assert.match(foreign.body.error.message, /invalid, has expired or has already been used/);
      const host = await t.http.post(`${ACCOUNT}/ResetPassword`, { userId: 1, resetCode, password: 'Brand-new-pass-2' });
      assert.equal(host.status, 400, "a tenant user's code is not the host admin's");

      const admin = await t.services.auth.callerFromBearer(a.pair.accessToken);
      await t.services.allSettings.update(admin, 'tenant', { security: { passwordComplexity: { requiredLength: 10, requireDigit: true, requireNonAlphanumeric: true } } });
      const weak = await t.http.post(`${ACCOUNT}/ResetPassword`, { userId: a.tenant.admin.id, resetCode, password: 'short' });
      assert.equal(weak.status, 400);
      const rules = weak.body.error.validationErrors as { message: string; members: string[] }[];
      assert.equal(rules.length, 3, JSON.stringify(rules));
      assert.ok(rules.every((r) => r.members.join() === 'password'));
      assert.ok(rules.some((r) => /10 characters/.test(r.message)) && rules.some((r) => /digit/.test(r.message)) && rules.some((r) => /non alphanumeric/.test(r.message)));

      await sql`update one_time_tokens set expires_at = now() - interval '1 second' where id = ${resetCode.split('.')[1]!}::uuid`.execute(t.database.db);
      const expired = await t.http.post(`${ACCOUNT}/ResetPassword`, { userId: a.tenant.admin.id, resetCode, password: 'Long-enough-pass-9!' });
      assert.equal(expired.status, 400);
      assert.deepEqual(expired.body.error.validationErrors[0].members, ['resetCode']);
      assert.equal((await t.http.get(`${ACCOUNT}/GetResetPasswordCodeInfo?userId=${a.tenant.admin.id}&resetCode=${encodeURIComponent(resetCode)}`)).status, 400);
    });
  });

  describe(`account e-mail rate limits on ${engine.name}`, () => {
    let smtp: SmtpSink;
    let t: TestApp;
    before(async () => {
      smtp = await startSmtpSink();
      t = await startTestApp(engine, { ...accountMailEnv(smtp), ACCOUNT_MAIL_LIMIT_PER_HOUR: '2' });
    });
    after(async () => {
      await t.close();
      await smtp.close();
    });

    it('refuses a third request for the same address within the hour with a 429, and still serves other addresses', async () => {
      const emailAddress = `${unique('victim')}@example.com`;
      for (let i = 0; i < 2; i++) assert.equal((await t.http.post(`${ACCOUNT}/SendPasswordResetCode`, { emailAddress })).status, 200);
      const refused = await t.http.post(`${ACCOUNT}/SendPasswordResetCode`, { emailAddress });
      assert.equal(refused.status, 429);
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
      assert.equal((await t.http.post(`${ACCOUNT}/SendEmailActivationLink`, { emailAddress: `${unique('other')}@example.com` })).status, 200);
    });
  });
}
