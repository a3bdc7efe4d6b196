import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../helpers/engines.js';
import { unique } from '../../helpers/fixtures.js';
import { createProduct, hostToken } from '../../helpers/onboarding.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import {
  child,
  createdId,
  messageOf,
  newTenantFields,
  restDelete,
  restGet,
  restLogin,
  restOperator,
  sendJson,
  sendXml,
  tenantXml,
  xmlTree,
  type XmlNode,
} from './rest-client.js';
import { CREATE_SAMPLE, READ_SAMPLE, UPDATE_SAMPLE } from './spec-samples.js';

for (const engine of testEngines()) {
  describe(`the REST tenant resource on ${engine.name}`, () => {
    let t: TestApp;
    let cookie: string;
    before(async () => {
      t = await startTestApp(engine);
      cookie = await restLogin(t);
    });
    after(() => t.close());

    const create = async (fields: Record<string, string>, after = '') => sendXml(t, 'POST', '/tenant', tenantXml(fields, after), { cookie });
    const read = async (id: number) => xmlTree((await restGet(t, `/tenant/${id}`, { cookie })).text);
    const field = (document: XmlNode, name: string) => child(child(document, 'tenant')!, name);

    it("creates a tenant and its admin from the spec's own create sample and answers 201 with the id", async () => {
      const answer = await sendXml(t, 'POST', '/tenant', CREATE_SAMPLE, { cookie });
      assert.equal(answer.status, 201, answer.text);
      assert.deepEqual(
        xmlTree(answer.text).children.map((c) => c.name),
        ['message'],
      );
      assert.equal(messageOf(answer).code, '0');
      assert.equal(messageOf(answer).description, 'Success');
      const id = createdId(answer);
      assert.equal(answer.headers.get('location'), `${t.config.publicUrl}/networking/rest/tenant/${id}`);

      const tenant = (await t.data.tenants.findLive(id))!;
      assert.equal(tenant.company_name, 'BSmith Inc');
      assert.equal(tenant.name, 'BSmith Inc');
      assert.match(tenant.tenancy_name, /^BSmith-Inc(-\w+)?$/);
      assert.equal(tenant.country, 'United States');
      assert.equal(tenant.country_code, 'US');
      assert.equal(tenant.time_zone, 'America/Los_Angeles');
      assert.equal(tenant.number_of_users, 1);
      assert.equal(tenant.date_format, 'mm/dd/yyyy');
      assert.equal(tenant.street, '1230 Midas Way');
      assert.equal(tenant.city, 'Sunnyvale');
      assert.equal((await t.data.settings.find(id))?.timezone, 'America/Los_Angeles');

      const admin = (await t.data.users.findByUserNameOrEmail(id, 'bsmith@email.com'))!;
      assert.equal(admin.name, 'Smith');
      assert.equal(admin.surname, 'Bob');
      assert.equal(admin.phone, '+16505551212');
      assert.equal(admin.must_change_password, false, 'force_password_to_be_changed=0 is honoured');
      assert.deepEqual(await t.data.packages.listInstalled(id), []);
      assert.equal(await restLogin(t, 'bsmith@email.com', 'password', tenant.tenancy_name).then(Boolean), true);
    });

    it("reads a tenant in exactly the spec sample's shape, element by element", async () => {
      const id = createdId(await sendXml(t, 'POST', '/tenant', CREATE_SAMPLE, { cookie }));
      const ours = await read(id);
      const sample = xmlTree(READ_SAMPLE);
      assert.deepEqual(ours.children.map((c) => c.name), ['tenant', 'message']);
      const ourTenant = child(ours, 'tenant')!;
      const sampleTenant = child(sample, 'tenant')!;
      const sampleNames = sampleTenant.children.map((c) => c.name);
      assert.deepEqual(ourTenant.children.slice(0, sampleNames.length).map((c) => c.name), sampleNames, 'the sample’s elements, in its order');
      for (const expected of sampleTenant.children) {
        const actual = child(ourTenant, expected.name)!;
        assert.deepEqual(Object.keys(actual.attributes).sort(), Object.keys(expected.attributes).sort(), `${expected.name} attributes`);
        for (const [name, value] of Object.entries(expected.attributes)) {
          if (name === 'uri') {
            const suffix = value.replace('https://{{domain}}', '');
            const pattern = suffix.endsWith('/null') ? suffix : suffix.replace(/\/\d+$/, '/\\d+');
            assert.match(actual.attributes.uri!, new RegExp(`^${t.config.publicUrl}${pattern}$`), expected.name);
          } else if (name === 'type') {
            assert.equal(actual.attributes.type, value);
          }
        }
      }
      assert.equal(field(ours, 'id')!.text, String(id));
      assert.equal(field(ours, 'object_id')!.text, '8c5b349851c041a28d19277a12dee8f0');
      assert.equal(field(ours, 'deleted')!.text, '0');
      assert.equal(field(ours, 'active')!.text, '1');
      assert.equal(field(ours, 'company')!.text, 'BSmith Inc');
      assert.equal(field(ours, 'country')!.text, 'United States');
      assert.match(field(ours, 'start_date')!.text, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      assert.match(field(ours, 'date_modified')!.text, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      assert.match(field(ours, 'number')!.text, /^\d{10}$/);
      assert.notEqual(field(ours, 'number')!.text, String(id));
      assert.equal(field(ours, 'owner_id')!.attributes.displayValue, 'Admin Host', 'user lookups carry the display name');
      assert.equal(field(ours, 'base_subscriber_plan')!.text, '');
      assert.equal(field(ours, 'time_zone')!.text, '12');
      for (const writeOnly of ['password', 'email', 'first_name', 'last_name', 'phone', 'sendWelcomeEmail', 'force_password_change_on_login']) {
        assert.equal(field(ours, writeOnly), undefined, `${writeOnly} is never read back`);
      }
      assert.ok(/<document_space\/>/.test((await restGet(t, `/tenant/${id}`, { cookie })).text), 'empty fields are empty elements');
    });

    it('reads the JSON mirror: scalars as strings, attributed elements as objects with content', async () => {
      const id = createdId(await sendXml(t, 'POST', '/tenant', CREATE_SAMPLE, { cookie }));
      const answer = await restGet(t, `/tenant/${id}`, { cookie, headers: { accept: 'application/json' } });
      assert.equal(answer.status, 200);
      assert.match(answer.headers.get('content-type')!, /^application\/json/);
      const { tenant, message } = answer.body.platform;
      assert.deepEqual(message, { code: '0', description: 'Success' });
      assert.equal(tenant.id, String(id));
      assert.equal(tenant.active, '1');
      assert.equal(tenant.document_space, '');
      assert.deepEqual(Object.keys(tenant.owner_id).sort(), ['content', 'displayValue', 'type', 'uri']);
      assert.equal(tenant.owner_id.content, String(tenant.owner_id.content));
      assert.deepEqual(tenant.base_subscriber_plan, {
        type: '',
        uri: `${t.config.publicUrl}/networking/rest/record/456zzy789jhk/null`,
        displayValue: '',
        content: '',
      });
      for (const value of Object.values(tenant)) assert.ok(typeof value === 'string' || typeof value === 'object');
    });

    it("applies the spec's update sample: the given fields change, the others stay, the editor is recorded", async () => {
      const id = createdId(await sendXml(t, 'POST', '/tenant', CREATE_SAMPLE, { cookie }));
      const editor = await restOperator(t, ['Tenants.Manage']);
      const answer = await sendXml(t, 'PUT', `/tenant/${id}`, UPDATE_SAMPLE, { cookie: editor.cookie });
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(messageOf(answer), { code: '0', description: 'Success' });
      const document = await read(id);
      assert.equal(field(document, 'free')!.text, '1');
      assert.equal(field(document, 'country')!.text, 'India');
      assert.equal(field(document, 'payment_type')!.text, 'Manual');
      assert.equal(field(document, 'company')!.text, 'BSmith Inc');
      assert.equal(field(document, 'city')!.text, 'Sunnyvale');
      assert.equal((await t.data.tenants.findLive(id))!.country_code, 'IN');
      assert.equal(field(document, 'modified_id')!.text, String(editor.userId));
      assert.equal(field(document, 'modified_id')!.attributes.displayValue, 'Olga Operator');
      assert.equal(field(document, 'owner_id')!.attributes.displayValue, 'Admin Host', 'the owner stays');
    });

    it('reads only the fields of fieldList for one tenant, and refuses an unknown one', async () => {
      const id = createdId(await create(newTenantFields(unique('Fields'))));
      const narrowed = xmlTree((await restGet(t, `/tenant/${id}?fieldList=company,active`, { cookie })).text);
      assert.deepEqual(child(narrowed, 'tenant')!.children.map((c) => c.name), ['id', 'company', 'active']);
      const bad = await restGet(t, `/tenant/${id}?fieldList=company,colour`, { cookie });
      assert.equal(bad.status, 400);
      assert.match(messageOf(bad).description, /colour/);
    });

    it('sets and clears a plan lookup by the id of a catalogue product, which names it', async () => {
      const id = createdId(await create(newTenantFields(unique('Plan'))));
      const product = await createProduct(t, await hostToken(t), undefined, unique('Gold plan '));
      const planId = String(product.id);
      assert.equal((await sendXml(t, 'PUT', `/tenant/${id}`, tenantXml({ base_subscriber_plan: planId }), { cookie })).status, 200);
      const plan = field(await read(id), 'base_subscriber_plan')!;
      assert.equal(plan.text, planId);
      assert.equal(plan.attributes.uri, `${t.config.publicUrl}/networking/rest/record/456zzy789jhk/${planId}`);
      assert.equal(plan.attributes.displayValue, product.name);
      assert.equal((await sendXml(t, 'PUT', `/tenant/${id}`, '<platform><tenant><base_subscriber_plan/></tenant></platform>', { cookie })).status, 200);
      assert.match(field(await read(id), 'base_subscriber_plan')!.attributes.uri!, /\/null$/);
      const bad = await sendXml(t, 'PUT', `/tenant/${id}`, tenantXml({ accessory_purchase_plan: 'gold' }), { cookie });
      assert.equal(bad.status, 400);
      assert.match(messageOf(bad).description, /accessory_purchase_plan/);
      const unknown = await sendXml(t, 'PUT', `/tenant/${id}`, tenantXml({ accessory_purchase_plan: '987654321' }), { cookie });
      assert.equal(unknown.status, 400);
      assert.match(messageOf(unknown).description, /accessory_purchase_plan/);
    });

    it('clears a field sent empty and refuses to clear a required one, naming it', async () => {
      const id = createdId(await create(newTenantFields(unique('Clear'), { state: 'NY', name: 'Display' })));
      assert.equal((await sendXml(t, 'PUT', `/tenant/${id}`, '<platform><tenant><state/><name></name></tenant></platform>', { cookie })).status, 200);
      const document = await read(id);
      assert.equal(field(document, 'state')!.text, '');
      assert.equal(field(document, 'name')!.text, '');
      const refused = await sendXml(t, 'PUT', `/tenant/${id}`, '<platform><tenant><city/><zip>10001</zip></tenant></platform>', { cookie });
      assert.equal(refused.status, 400);
      assert.equal(messageOf(refused).code, '-300');
      assert.match(messageOf(refused).description, /city/);
      assert.equal(field(await read(id), 'zip')!.text, '', 'a refused update changes nothing');
    });

    it('refuses read-only and create-only fields in an update, naming each, and ignores an id in the body', async () => {
      const id = createdId(await create(newTenantFields(unique('ReadOnly'))));
      const refused = await sendXml(t, 'PUT', `/tenant/${id}`, tenantXml({ number: '5', object_id: 'x', deleted: '1', password: 'another-pass' }), { cookie });
      assert.equal(refused.status, 400);
      for (const name of ['number', 'object_id', 'deleted', 'password']) assert.match(messageOf(refused).description, new RegExp(name));
      const withId = await sendXml(t, 'PUT', `/tenant/${id}`, tenantXml({ id: '999999', classification: 'Gold' }), { cookie });
      assert.equal(withId.status, 200);
      assert.equal(field(await read(id), 'classification')!.text, 'Gold');
    });

    it('suspends and resumes a tenant through active: its admin’s session ends at once', async () => {
      const fields = newTenantFields(unique('Suspend'));
      const id = createdId(await create(fields));
      const tenancyName = (await t.data.tenants.findLive(id))!.tenancy_name;
      const adminCookie = await restLogin(t, fields.email!, fields.password!, tenancyName);
      assert.equal((await restGet(t, '/isSessionValid', { cookie: adminCookie })).status, 200);
      assert.equal((await sendXml(t, 'PUT', `/tenant/${id}`, tenantXml({ active: '0' }), { cookie })).status, 200);
      assert.equal((await restGet(t, '/isSessionValid', { cookie: adminCookie })).status, 401);
      assert.equal(field(await read(id), 'active')!.text, '0');
      await assert.rejects(restLogin(t, fields.email!, fields.password!, tenancyName));
      assert.equal((await sendJson(t, 'PUT', `/tenant/${id}`, { platform: { tenant: { active: true } } }, { cookie })).status, 200);
      assert.ok(await restLogin(t, fields.email!, fields.password!, tenancyName));
    });

    it('deletes a tenant: a later read is 404 with -200 and its admin can no longer sign in', async () => {
      const fields = newTenantFields(unique('Delete'));
      const id = createdId(await create(fields));
      const tenancyName = (await t.data.tenants.findLive(id))!.tenancy_name;
      const adminCookie = await restLogin(t, fields.email!, fields.password!, tenancyName);
      const answer = await restDelete(t, `/tenant/${id}`, { cookie });
      assert.equal(answer.status, 200);
      assert.deepEqual(messageOf(answer), { code: '0', description: 'Success' });
      const gone = await restGet(t, `/tenant/${id}`, { cookie });
      assert.equal(gone.status, 404);
      assert.equal(messageOf(gone).code, '-200');
      assert.equal((await restGet(t, '/isSessionValid', { cookie: adminCookie })).status, 401);
      await assert.rejects(restLogin(t, fields.email!, fields.password!, tenancyName));
      assert.equal((await restDelete(t, `/tenant/${id}`, { cookie })).status, 404);
      assert.ok(await t.data.tenants.findAny(id), 'the data stays until a purge');
    });

    it('names every missing required field of a create in one 400', async () => {
      const answer = await sendXml(t, 'POST', '/tenant', '<platform><tenant></tenant></platform>', { cookie });
      assert.equal(answer.status, 400);
      assert.equal(messageOf(answer).code, '-300');
      for (const name of ['company', 'email', 'first_name', 'last_name', 'password', 'time_zone', 'phone', 'country', 'city', 'street']) {
        assert.match(messageOf(answer).description, new RegExp(`\\b${name}:`), name);
      }
    });

    it('refuses bad values, naming each field, and creates nothing', async () => {
      const company = unique('BadValues');
      const answer = await create(
        newTenantFields(company, { email: 'not-an-email', time_zone: '9999', phone: '12', password: 'abc', number_of_users: '-1', discount: '120', next_billing_date: '2023-02-30' }),
      );
      assert.equal(answer.status, 400);
      for (const name of ['email', 'time_zone', 'phone', 'password', 'number_of_users', 'discount', 'next_billing_date']) {
        assert.match(messageOf(answer).description, new RegExp(`\\b${name}:`), name);
      }
      const unknownField = await create(newTenantFields(company, { favourite_colour: 'blue' }));
      assert.equal(unknownField.status, 400);
      assert.match(messageOf(unknownField).description, /favourite_colour/);
      assert.equal(await t.data.tenants.findByTenancyName(company), undefined);
    });

    it('accepts an IANA time zone name and dates in the documented forms, and reads them back', async () => {
      const id = createdId(await create(newTenantFields(unique('Zone'), { time_zone: 'Asia/Calcutta', next_billing_date: '03/15/2031', trial_days: '30', discount: '12.5' })));
      const document = await read(id);
      assert.equal(field(document, 'time_zone')!.text, '68');
      assert.equal(field(document, 'next_billing_date')!.text, '2031-03-15T00:00:00Z');
      assert.equal(field(document, 'trial_days')!.text, '30');
      assert.equal(field(document, 'discount')!.text, '12.50');
      const other = createdId(await create(newTenantFields(unique('Zone'), { time_zone: 'Europe/Vatican' })));
      assert.equal(field(await read(other), 'time_zone')!.text, 'Europe/Vatican', 'a zone outside the table reads back by name');
    });

    it('forces a password change by default and enqueues a welcome mail when asked', async () => {
      const fields = newTenantFields(unique('Welcome'), { sendWelcomeEmail: '1' });
      const id = createdId(await create(fields));
      const admin = (await t.data.users.findByUserNameOrEmail(id, fields.email!))!;
      assert.equal(admin.must_change_password, true);
      const mails = await t.data.outbox.listForTenant(id, 'mail');
      assert.equal(mails.length, 1);
      const payload = mails[0]!.payload as { to: string; subject: string; text: string };
      assert.equal(payload.to, fields.email);
      assert.match(payload.text, new RegExp((await t.data.tenants.findLive(id))!.tenancy_name));
      assert.ok(!payload.text.includes(fields.password!), 'the password is never mailed');
      const quiet = createdId(await create(newTenantFields(unique('Quiet'))));
      assert.deepEqual(await t.data.outbox.listForTenant(quiet, 'mail'), []);
    });

    it('takes an XML request and answers JSON when Accept asks, and the other way round', async () => {
      const xmlIn = await sendXml(t, 'POST', '/tenant', tenantXml(newTenantFields(unique('Mixed'))), { cookie, headers: { accept: 'application/json' } });
      assert.equal(xmlIn.status, 201);
      assert.match(xmlIn.headers.get('content-type')!, /json/);
      assert.equal(xmlIn.body.platform.message.code, '0');
      assert.equal(typeof xmlIn.body.platform.message.id, 'string');

      const jsonIn = await sendJson(t, 'POST', '/tenant', { platform: { tenant: { ...newTenantFields(unique('Mixed')), number_of_users: 5, sendWelcomeEmail: false } } }, {
        cookie,
        headers: { accept: 'application/xml' },
      });
      assert.equal(jsonIn.status, 201, jsonIn.text);
      assert.match(jsonIn.headers.get('content-type')!, /xml/);
      const id = createdId(jsonIn);
      assert.equal(field(await read(id), 'number_of_users')!.text, '5');
      const altWins = await restGet(t, `/tenant/${id}?alt=xml`, { cookie, headers: { accept: 'application/json' } });
      assert.match(altWins.headers.get('content-type')!, /xml/);
    });

    it('makes a taken tenancy name unique with a suffix', async () => {
      const company = unique('Same Name');
      const first = createdId(await create(newTenantFields(company)));
      const second = createdId(await create(newTenantFields(company)));
      const names = [(await t.data.tenants.findLive(first))!.tenancy_name, (await t.data.tenants.findLive(second))!.tenancy_name];
      assert.equal(names[0], company.replace(' ', '-'));
      assert.equal(names[1], `${names[0]}-2`);
    });
  });
}
