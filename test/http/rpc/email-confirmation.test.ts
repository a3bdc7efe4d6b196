import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MAIL_TOPIC, type MailMessage } from '../../../src/domain/mail.js';
import { accountMailEnv, accountRequestsSettled, linkInMail } from '../../helpers/account-mail.js';
import { invalidMembers } from '../../helpers/api-key-fixtures.js';
import { testEngines } from '../../helpers/engines.js';
import { unique } from '../../helpers/fixtures.js';
import { createProduct, hostToken, RPC, submitLead, validCompleteBody } from '../../helpers/onboarding.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.js';
import { createTenantWithUser } from '../../helpers/tenant-with-user.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const ACCOUNT = '/api/services/Platform/Account';
const USER = '/api/services/Platform/User';
const SETTINGS = '/api/services/Platform/TenantSettings/UpdateAllSettings';
const HOST_SETTINGS = '/api/services/Platform/HostSettings/UpdateAllSettings';
const AUTHENTICATE = '/api/TokenAuth/Authenticate';
const REST_LOGIN = '/networking/rest/login?alt=json';

for (const engine of testEngines()) {
  describe(`e-mail confirmation and invitations (SendEmailActivationLink, ActivateEmail, AcceptInvitation) on ${engine.name}`, () => {
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

    const newUser = () => ({ userName: unique('u'), name: 'Grace', surname: 'Hopper', emailAddress: `${unique('u')}@example.com` });

    it('refuses an unconfirmed sign-in when the tenant requires it, over RPC and REST, until the mailed code confirms the address', async () => {
      const { tenant, adminToken } = await createTenantWithUser(t);
      const tenancyName = tenant.tenant.tenancy_name;
      assert.equal((await t.http.put(SETTINGS, { userManagement: { isEmailConfirmationRequiredForLogin: true } }, { token: adminToken })).status, 200);
      const user = newUser();
      const created = await t.http.post(`${USER}/CreateUser`, { ...user, password: 'Grace-pass-1', sendActivationEmail: true }, { token: adminToken });
      assert.equal(created.status, 200, created.text);
      assert.equal(created.body.isEmailConfirmed, false);

      const refused = await t.http.post(AUTHENTICATE, { userNameOrEmailAddress: user.userName, password: 'Grace-pass-1', tenancyName });
      assert.equal(refused.status, 401);
      assert.equal(refused.body.error.message, 'Your email address is not confirmed. You can not login.');
      const restLogin = { platform: { login: { userName: user.userName, password: 'Grace-pass-1', tenancyName } } };
      assert.equal((await t.http.post(REST_LOGIN, restLogin)).status, 401, 'REST login is refused too');

      const { params } = await linkInMail(smtp, user.emailAddress, '/account/confirm-email');
      const confirmationCode = params.get('confirmationCode')!;
      const wrongUser = await t.http.post(`${ACCOUNT}/ActivateEmail`, { userId: tenant.admin.id, confirmationCode });
      assert.equal(wrongUser.status, 400);
      assert.deepEqual(invalidMembers(wrongUser.body), ['confirmationCode']);
      assert.equal((await t.http.post(`${ACCOUNT}/ActivateEmail`, { userId: created.body.id, confirmationCode })).status, 200);
      assert.equal((await t.http.post(`${ACCOUNT}/ActivateEmail`, { userId: created.body.id, confirmationCode })).status, 400, 'once');
      assert.equal((await t.data.users.findById(tenant.tenant.id, created.body.id))?.is_email_confirmed, true);
      await t.http.signIn(user.userName, 'Grace-pass-1', tenancyName);
      assert.equal((await t.http.post(REST_LOGIN, restLogin)).status, 200);

      // A confirmed address gets nothing more; the answer is the same.
      const again = await t.http.post(`${ACCOUNT}/SendEmailActivationLink`, { emailAddress: user.emailAddress, tenancyName });
      assert.equal(again.status, 200);
      await accountRequestsSettled(t);
      assert.equal(smtp.mailsTo(user.emailAddress).length, 1);
    });

    it('mails the confirmation link again on SendEmailActivationLink to an unconfirmed address', async () => {
      const { tenant, adminToken } = await createTenantWithUser(t);
      const user = newUser();
      await t.http.post(`${USER}/CreateUser`, { ...user, password: 'Grace-pass-1' }, { token: adminToken });
      assert.equal((await t.http.post(`${ACCOUNT}/SendEmailActivationLink`, { emailAddress: user.emailAddress, tenancyName: tenant.tenant.tenancy_name })).status, 200);
      await linkInMail(smtp, user.emailAddress, '/account/confirm-email');
    });

    it('invites a user created without a password, who cannot sign in before choosing one with the single-use invitation', async () => {
      const { tenant, adminToken } = await createTenantWithUser(t);
      const tenancyName = tenant.tenant.tenancy_name;
      await t.http.put(SETTINGS, { security: { passwordComplexity: { requiredLength: 12, requireDigit: true } } }, { token: adminToken });
      const user = newUser();
      const created = await t.http.post(`${USER}/CreateUser`, { ...user, sendActivationEmail: true }, { token: adminToken });
      assert.equal(created.status, 200, created.text);
      assert.equal(created.body.generatedPassword, undefined, 'nobody learns a password');
      assert.ok((await t.data.users.findById(tenant.tenant.id, created.body.id))?.invited_at);
      assert.equal(created.body.isInvitationPending, true);

      const first = (await linkInMail(smtp, user.emailAddress, '/account/accept-invitation')).params.get('invitationCode')!;
      assert.equal((await t.http.post(AUTHENTICATE, { userNameOrEmailAddress: user.userName, password: '', tenancyName })).status, 400);
      assert.equal((await t.http.post(AUTHENTICATE, { userNameOrEmailAddress: user.userName, password: 'Anything-1', tenancyName })).status, 401);

      // Sent again on request; either invitation works until one is used.
      await t.http.post(`${ACCOUNT}/SendEmailActivationLink`, { emailAddress: user.emailAddress, tenancyName });
      const second = (await linkInMail(smtp, user.emailAddress, '/account/accept-invitation', 2)).params.get('invitationCode')!;
      assert.notEqual(second, first);

      const weak = await t.http.post(`${ACCOUNT}/AcceptInvitation`, { userId: created.body.id, invitationCode: second, password: 'short' });
      assert.equal(weak.status, 400);
      assert.equal(weak.body.error.validationErrors.length, 2);
      assert.deepEqual([...new Set(invalidMembers(weak.body))], ['password']);
      const accepted = await t.http.post(`${ACCOUNT}/AcceptInvitation`, { userId: created.body.id, invitationCode: second, password: 'Chosen-pass-12' });
      assert.equal(accepted.status, 200, accepted.text);
      assert.deepEqual(accepted.body, { canLogin: true, userName: user.userName });
      await t.http.signIn(user.userName, 'Chosen-pass-12', tenancyName);
      const row = await t.data.users.findById(tenant.tenant.id, created.body.id);
      assert.equal(row?.invited_at, null);
      assert.equal(row?.is_email_confirmed, true);
      assert.equal((await t.http.get(`${USER}/GetUser?id=${created.body.id}`, { token: adminToken })).body.isInvitationPending, false);

      for (const code of [first, second]) {
        const reused = await t.http.post(`${ACCOUNT}/AcceptInvitation`, { userId: created.body.id, invitationCode: code, password: 'Another-pass-12' });
        assert.equal(reused.status, 400, 'used, or ended by the password it set');
        assert.deepEqual(invalidMembers(reused.body), ['invitationCode']);
      }
    });

    it("answers CompleteTenantRegistration's isEmailConfirmationRequired truthfully and puts the confirmation link in the welcome e-mail", async () => {
      const host = await hostToken(t);
      const product = await createProduct(t, host);
      const plain = await submitLead(t, host, product.id);
      const before = await t.http.post(RPC.complete, validCompleteBody(plain.leadRequestXref), { token: host });
      assert.equal(before.status, 200, before.text);
      assert.equal(before.body.isEmailConfirmationRequired, false);
      try {
        await t.http.put(HOST_SETTINGS, { userManagement: { isEmailConfirmationRequiredForLogin: true } }, { token: host });
        const lead = await submitLead(t, host, product.id);
        const answer = await t.http.post(RPC.complete, validCompleteBody(lead.leadRequestXref, { noWelcomeEmail: false }), { token: host });
        assert.equal(answer.status, 200, answer.text);
        assert.equal(answer.body.isEmailConfirmationRequired, true);
        const mail = (await t.data.outbox.listForTenant(answer.body.tenantId, MAIL_TOPIC))[0]!.payload as MailMessage;
        const link = new URL(/(http\S+\/account\/confirm-email\?\S+)/.exec(mail.text)![1]!);
        const refused = await t.http.post(AUTHENTICATE, { userNameOrEmailAddress: 'admin', password: 'Acme-admin-1', tenancyName: answer.body.tenancyName });
        assert.equal(refused.status, 401);
        const confirmed = await t.http.post(`${ACCOUNT}/ActivateEmail`, { userId: Number(link.searchParams.get('userId')), confirmationCode: link.searchParams.get('confirmationCode') });
        assert.equal(confirmed.status, 200, confirmed.text);
        await t.http.signIn('admin', 'Acme-admin-1', answer.body.tenancyName);
      } finally {
        await t.http.put(HOST_SETTINGS, { userManagement: { isEmailConfirmationRequiredForLogin: false } }, { token: host });
      }
    });
  });
}
