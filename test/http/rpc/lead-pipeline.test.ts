import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HOST_TENANT_ID } from '../../../src/domain/caller.js';
import { testEngines } from '../../helpers/engines.js';
import { unique } from '../../helpers/fixtures.js';
import { RPC, createProduct, hostToken, hostUserWith, namedFields, submitLead, validCompleteBody } from '../../helpers/onboarding.js';
import { createTenantWithUser } from '../../helpers/tenant-with-user.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const GET_LEADS = '/api/services/CRM/Lead/GetLeads';
const UPDATE_LEAD = '/api/services/CRM/Lead/UpdateLead';

interface Lead {
  id: number;
  leadRequestXref: string;
  stage: string | null;
  tag: string | null;
  isConverted: boolean;
  convertedTenantId: number | null;
  companyName: string;
  email: string;
}

for (const engine of testEngines()) {
  describe(`the lead pipeline (CRM/Lead/GetLeads, UpdateLead) on ${engine.name}`, () => {
    let t: TestApp;
    let host: string;
    let form: string;
    let productId: number;
    before(async () => {
      t = await startTestApp(engine);
      host = await hostToken(t);
      form = (await hostUserWith(t, ['Leads.Submit', 'Registration.Complete'])).token;
      productId = (await createProduct(t, host)).id;
    });
    after(() => t.close());

    const leads = async (query: Record<string, string | number | boolean> = {}) => {
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries({ maxResultCount: 100, ...query })) qs.set(k, String(v));
      const answer = await t.http.get(`${GET_LEADS}?${qs}`, { token: host });
      assert.equal(answer.status, 200, answer.text);
      return answer.body as { totalCount: number; items: Lead[]; stages: string[]; tags: string[] };
    };

    it('lists a submitted lead with its stage, tag and contact, and narrows by stage, tag, conversion and text', async () => {
      const stage = unique('Stage');
      const tag = unique('tag');
      const company = unique('Pipeline Co ');
      const submitted = await submitLead(t, form, productId, { stage, tag, companyName: company });
      const other = await submitLead(t, form, productId, { stage: unique('Other'), tag: null });

      const byStage = await leads({ stage });
      assert.deepEqual(byStage.items.map((l) => l.leadRequestXref), [submitted.leadRequestXref]);
      assert.equal(byStage.totalCount, 1);
      const lead = byStage.items[0]!;
      assert.equal(lead.tag, tag);
      assert.equal(lead.companyName, company);
      assert.equal(lead.email, submitted.body.email);
      assert.equal(lead.isConverted, false);
      assert.ok(byStage.stages.includes(stage) && byStage.tags.includes(tag));

      assert.deepEqual((await leads({ tag })).items.map((l) => l.id), [lead.id]);
      assert.deepEqual((await leads({ filter: company.toUpperCase() })).items.map((l) => l.id), [lead.id]);
      const untagged = await leads({ tag: '' });
      assert.ok(untagged.items.some((l) => l.leadRequestXref === other.leadRequestXref));
      assert.ok(untagged.items.every((l) => l.tag === null));
    });

    it('tells converted leads from the others once the registration completes', async () => {
      const stage = unique('Won');
      const submitted = await submitLead(t, form, productId, { stage });
      const completed = await t.http.post(RPC.complete, validCompleteBody(submitted.leadRequestXref), { token: form });
      assert.equal(completed.status, 200, completed.text);

      const converted = await leads({ stage, isConverted: true });
      assert.equal(converted.items.length, 1);
      assert.equal(converted.items[0]!.isConverted, true);
      assert.equal(typeof converted.items[0]!.convertedTenantId, 'number');
      assert.equal((await leads({ stage, isConverted: false })).totalCount, 0);
    });

    it('moves a lead to another stage and clears its tag, audited, and the stored row follows', async () => {
      const submitted = await submitLead(t, form, productId, { stage: 'New', tag: unique('t') });
      const lead = await t.data.leads.findByXref(HOST_TENANT_ID, submitted.leadRequestXref);
      const answer = await t.http.put(UPDATE_LEAD, { id: lead!.id, stage: '  Qualified ', tag: null }, { token: host });
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.body.stage, 'Qualified');
      assert.equal(answer.body.tag, null);
      const stored = await t.data.leads.findByXref(HOST_TENANT_ID, submitted.leadRequestXref);
      assert.deepEqual([stored!.stage, stored!.tag], ['Qualified', null]);
      const audit = await t.http.get(`/api/services/Platform/AuditLog/GetAuditLogs?target=lead:${lead!.id}&tenantId=0`, { token: host });
      assert.equal(audit.body.items[0].action, 'lead.updated');
      assert.deepEqual(audit.body.items[0].after, { stage: 'Qualified', tag: null });
    });

    it('refuses a stage that is too long and an unknown lead, changing nothing', async () => {
      const submitted = await submitLead(t, form, productId, { stage: 'New' });
      const lead = (await t.data.leads.findByXref(HOST_TENANT_ID, submitted.leadRequestXref))!;
      const tooLong = await t.http.put(UPDATE_LEAD, { id: lead.id, stage: 'x'.repeat(65), tag: 'y'.repeat(129) }, { token: host });
      assert.equal(tooLong.status, 400);
      assert.deepEqual(namedFields(tooLong), ['stage', 'tag']);
      assert.equal((await t.data.leads.findByXref(HOST_TENANT_ID, submitted.leadRequestXref))!.stage, 'New');
      const unknown = await t.http.put(UPDATE_LEAD, { id: 2_000_000_000, stage: 'Lost' }, { token: host });
      assert.equal(unknown.status, 404);
    });

    it('is closed to the sign-up key’s Leads.Submit and to tenants: leads hold personal data', async () => {
      assert.equal((await t.http.get(GET_LEADS, { token: form })).status, 403);
      const { adminToken } = await createTenantWithUser(t);
      assert.equal((await t.http.get(GET_LEADS, { token: adminToken })).status, 403);
      assert.equal((await t.http.put(UPDATE_LEAD, { id: 1, stage: 'Lost' }, { token: adminToken })).status, 403);
    });
  });
}
