import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../helpers/engines.js';
import { createTenant, createUser, unique } from '../../helpers/fixtures.js';
import { WHO_AM_I } from '../../helpers/http.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { totpCode, wrongTotpCode } from '../../helpers/totp.js';
import { sendXml } from '../rest/rest-client.js';

const AUTH = '/api/TokenAuth/Authenticate';
const PROFILE = '/api/services/app/Profile';
const SETTINGS = '/api/services/Platform/TenantSettings';

/** A tenant admin who can sign in: the sign-in body and the tenant's ids. */
interface Account {
  tenantId: number;
  userId: number;
  tenancyName: string;
  password: string;
  credentials: { userNameOrEmailAddress: string; password: string; tenancyName: string };
  token: string;
}

for (const engine of testEngines()) {
  describe(`two-factor sign-in on ${engine.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine, { LOCKOUT_MAX_FAILURES: '5', LOCKOUT_SECONDS: '300' });
    });
    after(() => t.close());

    async function account(): Promise<Account> {
      const tenant = await createTenant(t);
      const credentials = { userNameOrEmailAddress: 'admin', password: tenant.password, tenancyName: tenant.tenant.tenancy_name };
      const token = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      return { tenantId: tenant.tenant.id, userId: tenant.admin.id, tenancyName: tenant.tenant.tenancy_name, password: tenant.password, credentials, token };
    }

    /** Enrols the account's authenticator with the current step's code; answers the secret and recovery codes. */
    async function enrol(who: Account): Promise<{ secret: string; recoveryCodes: string[] }> {
      const generated = await t.http.post(`${PROFILE}/GenerateGoogleAuthenticatorKey`, {}, { token: who.token });
      assert.equal(generated.status, 200, generated.text);
      const secret = generated.body.googleAuthenticatorKey as string;
      const confirmed = await t.http.put(`${PROFILE}/UpdateGoogleAuthenticatorKey`, { authenticatorCode: totpCode(secret) }, { token: who.token });
      assert.equal(confirmed.status, 200, confirmed.text);
      return { secret, recoveryCodes: confirmed.body.recoveryCodes };
    }

    const failedAttempts = async (who: Account) => (await t.data.users.findById(who.tenantId, who.userId))!.failed_attempts;
    const sessionCount = async (who: Account) =>
      (await t.database.db.selectFrom('sessions').select('id').where('tenant_id', '=', who.tenantId).where('user_id', '=', who.userId).execute()).length;

    it('enrols with an otpauth:// URI and a QR code, confirmed by a first code, and never answers the secret again', async () => {
      const who = await account();
      const generated = await t.http.post(`${PROFILE}/GenerateGoogleAuthenticatorKey`, {}, { token: who.token });
      assert.equal(generated.status, 200, generated.text);
      assert.equal(generated.headers.get('cache-control'), 'no-store');
      const { googleAuthenticatorKey: secret, otpauthUri, qrCodeSetupImageUrl } = generated.body;
      assert.match(secret, /^[A-Z2-7]{32}$/);
      const uri = new URL(otpauthUri);
      assert.equal(uri.protocol, 'otpauth:');
      assert.equal(uri.host, 'totp');
      assert.equal(decodeURIComponent(uri.pathname), `/Tenantry:admin@${who.tenancyName}`);
      assert.equal(uri.searchParams.get('secret'), secret);
      assert.equal(uri.searchParams.get('issuer'), 'Tenantry');
      assert.match(qrCodeSetupImageUrl, /^data:image\/png;base64,[A-Za-z0-9+/]{200,}=*$/);

      const stored = await t.data.twoFactor.find(who.tenantId, who.userId);
      assert.ok(stored && stored.enabled_at === null, 'pending until confirmed');
      assert.ok(!stored.secret_encrypted.toString('latin1').includes(secret), 'the secret is stored encrypted');
      const pending = await t.http.get(`${PROFILE}/GetTwoFactorStatus`, { token: who.token });
      assert.deepEqual(pending.body, { isGoogleAuthenticatorEnabled: false, isEnrolmentPending: true, recoveryCodesLeft: 0, isRequired: false });
      const signIn = await t.http.post(AUTH, who.credentials);
      assert.equal(signIn.body.requiresTwoFactorVerification, false, 'a pending enrolment does not ask for codes yet');

      const wrong = await t.http.put(`${PROFILE}/UpdateGoogleAuthenticatorKey`, { authenticatorCode: wrongTotpCode(secret) }, { token: who.token });
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.error.validationErrors[0].members[0], 'authenticatorCode');
      const otherKey = await t.http.put(`${PROFILE}/UpdateGoogleAuthenticatorKey`, { authenticatorCode: totpCode(secret), googleAuthenticatorKey: 'AAAA' }, { token: who.token });
      assert.equal(otherKey.status, 400);

      const confirmed = await t.http.put(`${PROFILE}/UpdateGoogleAuthenticatorKey`, { authenticatorCode: totpCode(secret), googleAuthenticatorKey: secret }, { token: who.token });
      assert.equal(confirmed.status, 200, confirmed.text);
      const codes: string[] = confirmed.body.recoveryCodes;
      assert.equal(codes.length, 10);
      assert.equal(new Set(codes).size, 10);
      for (const code of codes) assert.match(code, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      const enabled = await t.http.get(`${PROFILE}/GetTwoFactorStatus`, { token: who.token });
      assert.deepEqual(enabled.body, { isGoogleAuthenticatorEnabled: true, isEnrolmentPending: false, recoveryCodesLeft: 10, isRequired: false });
      const again = await t.http.post(`${PROFILE}/GenerateGoogleAuthenticatorKey`, {}, { token: who.token });
      assert.equal(again.status, 409, 'no second secret while one is enabled');
      const audit = await t.data.auditLog.listForTenant(who.tenantId);
      assert.ok(audit.some((e) => e.action === 'user.two_factor_enabled' && e.actor_user_id === who.userId));
    });

    it('asks for the second factor in ABP\'s shape, signs in with a code computed here, and refuses the same code again', async () => {
      const who = await account();
      const { secret } = await enrol(who);
      const sessionsBefore = await sessionCount(who);
      const first = await t.http.post(AUTH, who.credentials);
      assert.equal(first.status, 200, first.text);
      assert.deepEqual(first.body, {
        accessToken: null,
        encryptedAccessToken: null,
        expireInSeconds: 0,
        refreshToken: null,
        refreshTokenExpireInSeconds: 0,
        userId: who.userId,
        tenantId: who.tenantId,
        shouldResetPassword: false,
        requiresTwoFactorVerification: true,
        twoFactorAuthProviders: ['GoogleAuthenticator'],
        twoFactorRememberClientToken: null,
      });
      assert.equal(await sessionCount(who), sessionsBefore, 'no session without the second factor');
      const enveloped = await t.http.post(AUTH, who.credentials, { headers: { 'abp-envelope': 'true' } });
      assert.equal(enveloped.body.success, true);
      assert.equal(enveloped.body.result.requiresTwoFactorVerification, true);

      // The next step's code: later than the one enrolment used, whatever the clock does meanwhile.
      const code = totpCode(secret, 1);
      const signedIn = await t.http.post(AUTH, { ...who.credentials, twoFactorVerificationCode: code });
      assert.equal(signedIn.status, 200, signedIn.text);
      assert.equal(signedIn.body.requiresTwoFactorVerification, false);
      assert.equal(signedIn.body.twoFactorRememberClientToken, null, 'none unless asked for');
      assert.equal((await t.http.get(WHO_AM_I, { token: signedIn.body.accessToken })).status, 200);
      assert.equal(await failedAttempts(who), 0, 'a complete sign-in gives its attempts back');

      const replayed = await t.http.post(AUTH, { ...who.credentials, twoFactorVerificationCode: code });
      assert.equal(replayed.status, 401, 'a used code is refused');
      assert.match(replayed.body.error.message, /two-factor code/);
      const older = await t.http.post(AUTH, { ...who.credentials, twoFactorVerificationCode: totpCode(secret, 0) });
      assert.equal(older.status, 401, 'an older step than the last used one is refused too');
    });

    it('refuses a wrong code, counts it towards the lockout, and locks the account after five', async () => {
      const who = await account();
      const { secret } = await enrol(who);
      const wrong = await t.http.post(AUTH, { ...who.credentials, twoFactorVerificationCode: wrongTotpCode(secret) });
      assert.equal(wrong.status, 401);
      assert.equal(await failedAttempts(who), 1);
      for (let i = 0; i < 4; i++) await t.http.post(AUTH, { ...who.credentials, twoFactorVerificationCode: wrongTotpCode(secret) });
      const locked = await t.http.post(AUTH, { ...who.credentials, twoFactorVerificationCode: totpCode(secret, 1) });
      assert.equal(locked.status, 401, 'locked out: the right code does not help');
      assert.equal(locked.body.error.message, 'Invalid user name or password.');
      const audit = await t.data.auditLog.listForTenant(who.tenantId);
      assert.ok(audit.some((e) => e.action === 'user.locked_out' && e.target === `user:${who.userId}`));
      assert.equal(audit.filter((e) => e.action === 'sign_in.failed' && (e.details as { reason: string }).reason === 'wrong_two_factor_code').length, 5);
    });

    it('takes a recovery code once, in place of a code, and counts it down', async () => {
      const who = await account();
      const { recoveryCodes } = await enrol(who);
      const code = recoveryCodes[3]!;
      const used = await t.http.post(AUTH, { ...who.credentials, twoFactorVerificationCode: code.toLowerCase() });
      assert.equal(used.status, 200, used.text);
      assert.equal(typeof used.body.accessToken, 'string');
      const status = await t.http.get(`${PROFILE}/GetTwoFactorStatus`, { token: used.body.accessToken });
      assert.equal(status.body.recoveryCodesLeft, 9);
      const again = await t.http.post(AUTH, { ...who.credentials, twoFactorVerificationCode: code });
      assert.equal(again.status, 401, 'a recovery code works once');
      const other = await account();
      await enrol(other);
      const foreign = await t.http.post(AUTH, { ...other.credentials, twoFactorVerificationCode: recoveryCodes[4]! });
      assert.equal(foreign.status, 401, "another user's recovery code is not one of mine");
    });

    it('remembers a browser when asked, until two-factor sign-in is disabled or the password changes', async () => {
      const who = await account();
      const { secret } = await enrol(who);
      const remembered = await t.http.post(AUTH, { ...who.credentials, twoFactorVerificationCode: totpCode(secret, 1), rememberClient: true });
      assert.equal(remembered.status, 200, remembered.text);
      const rememberToken: string = remembered.body.twoFactorRememberClientToken;
      assert.equal(typeof rememberToken, 'string');
      const skipped = await t.http.post(AUTH, { ...who.credentials, twoFactorRememberClientToken: rememberToken });
      assert.equal(skipped.body.requiresTwoFactorVerification, false);
      assert.equal(typeof skipped.body.accessToken, 'string');

      const other = await account();
      await enrol(other);
      const foreign = await t.http.post(AUTH, { ...other.credentials, twoFactorRememberClientToken: rememberToken });
      assert.equal(foreign.body.requiresTwoFactorVerification, true, "one user's remembered browser is not another's");

      const wrongPassword = await t.http.post(`${PROFILE}/DisableGoogleAuthenticator`, { password: 'not-it-1' }, { token: skipped.body.accessToken });
      assert.equal(wrongPassword.status, 400);
      assert.equal(wrongPassword.body.error.validationErrors[0].members[0], 'password');
      const disabled = await t.http.post(`${PROFILE}/DisableGoogleAuthenticator`, { password: who.password }, { token: skipped.body.accessToken });
      assert.equal(disabled.status, 200, disabled.text);
      assert.equal(await t.data.twoFactor.find(who.tenantId, who.userId), undefined);
      const plain = await t.http.post(AUTH, who.credentials);
      assert.equal(typeof plain.body.accessToken, 'string', 'after disabling, the password alone signs in');

      const fresh = { ...who, token: plain.body.accessToken };
      const second = await enrol(fresh);
      const stale = await t.http.post(AUTH, { ...who.credentials, twoFactorRememberClientToken: rememberToken });
      assert.equal(stale.body.requiresTwoFactorVerification, true, 'disabling ended the remembered browser for good');

      const again = await t.http.post(AUTH, { ...who.credentials, twoFactorVerificationCode: totpCode(second.secret, 1), rememberClient: true });
      const token2: string = again.body.twoFactorRememberClientToken;
      const changed = await t.http.post('/api/services/Platform/User/ChangePassword', { currentPassword: who.password, newPassword: 'Changed-pass-2' }, { token: again.body.accessToken });
      assert.equal(changed.status, 200, changed.text);
      const afterChange = await t.http.post(AUTH, { ...who.credentials, password: 'Changed-pass-2', twoFactorRememberClientToken: token2 });
      assert.equal(afterChange.body.requiresTwoFactorVerification, true, 'a password change forgets remembered browsers');
    });

    it('gives no remember-client token, and takes none, where the tenant does not allow remembering browsers', async () => {
      const who = await account();
      const { secret } = await enrol(who);
      const remembered = await t.http.post(AUTH, { ...who.credentials, twoFactorVerificationCode: totpCode(secret, 1), rememberClient: true });
      const token: string = remembered.body.twoFactorRememberClientToken;
      const off = await t.http.put(`${SETTINGS}/UpdateTwoFactorLoginSettings`, { isRequiredForAdmins: false, isRememberBrowserEnabled: false }, { token: remembered.body.accessToken });
      assert.equal(off.status, 200, off.text);
      assert.deepEqual(off.body, { isRequiredForAdmins: false, isRememberBrowserEnabled: false });
      const refused = await t.http.post(AUTH, { ...who.credentials, twoFactorRememberClientToken: token });
      assert.equal(refused.body.requiresTwoFactorVerification, true);
    });

    it('signs in over REST login only with the code, and says that the code is what is missing', async () => {
      const who = await account();
      const { secret } = await enrol(who);
      const body = (extra: string) =>
        `<platform><login><userName>admin</userName><password>${who.password}</password><tenancyName>${who.tenancyName}</tenancyName>${extra}</login></platform>`;
      const missing = await sendXml(t, 'POST', '/login', body(''));
      assert.equal(missing.status, 401);
      assert.match(missing.text, /two factors/);
      const wrongPassword = await sendXml(t, 'POST', '/login', body('').replace(who.password, 'nope-nope-1'));
      assert.doesNotMatch(wrongPassword.text, /two factors/, 'a wrong password says nothing of the second factor');
      const ok = await sendXml(t, 'POST', '/login', body(`<twoFactorVerificationCode>${totpCode(secret, 1)}</twoFactorVerificationCode>`));
      assert.equal(ok.status, 200, ok.text);
    });

    it('requires administrators to enrol when the tenant says so, at once and in open sessions', async () => {
      const who = await account();
      const tenant = { id: who.tenantId, tenancy_name: who.tenancyName };
      const plainUser = await createUser(t, tenant, []);
      const on = await t.http.put(`${SETTINGS}/UpdateTwoFactorLoginSettings`, { isRequiredForAdmins: true, isRememberBrowserEnabled: true }, { token: who.token });
      assert.equal(on.status, 200, on.text);
      const users = await t.http.get('/api/services/Platform/User/GetUsers', { token: who.token });
      assert.equal(users.status, 403);
      assert.match(users.body.error.message, /enrol an authenticator app/);
      assert.equal((await t.http.get(WHO_AM_I, { token: who.token })).status, 200);
      assert.equal((await t.http.get(`${PROFILE}/GetTwoFactorStatus`, { token: who.token })).body.isRequired, true);
      assert.equal((await t.http.get(WHO_AM_I, { token: plainUser.token })).status, 200, 'users who are not administrators are not held');
      await enrol(who);
      assert.equal((await t.http.get('/api/services/Platform/User/GetUsers', { token: who.token })).status, 200, 'enrolled: free again');
      const audit = await t.data.auditLog.listForTenant(who.tenantId);
      assert.ok(audit.some((e) => e.action === 'settings.two_factor_updated'));
    });

    it('lets no API key enrol or disable a second factor', async () => {
      const who = await account();
      const key = await t.http.post(
        '/api/services/Platform/ApiKey/Generate',
        { name: 'k', expirationDate: new Date(Date.now() + 86_400_000).toISOString() },
        { token: who.token },
      );
      assert.equal(key.status, 200, key.text);
      const enrol = await t.http.post(`${PROFILE}/GenerateGoogleAuthenticatorKey`, {}, { token: key.body.key });
      assert.equal(enrol.status, 403);
      const disable = await t.http.post(`${PROFILE}/DisableGoogleAuthenticator`, { password: who.password }, { token: key.body.key });
      assert.equal(disable.status, 403);
    });

    it('limits two-factor code attempts per account on top of sign-ins', async () => {
      const account = { userNameOrEmailAddress: unique('nobody'), password: 'whatever-1', twoFactorVerificationCode: '123456' };
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await t.http.post(AUTH, account)).status);
      assert.deepEqual(statuses, [...Array(10).fill(401), 429]);
    });
  });
}
