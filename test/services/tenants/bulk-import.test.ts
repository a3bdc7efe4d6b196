import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { Caller } from '../../../src/domain/caller.js';
import { hashPassword } from '../../../src/services/security/passwords.js';
import { AccountPolicies } from '../../../src/services/settings/account-policies.js';
import { importTenants, readTenantRows, type BulkTenantRow, type TenantImport } from '../../../src/services/tenants/bulk-import.js';
import { restTenantRows } from '../../../src/http/rest/tenant-import-rows.js';
import { EVENT_TOPIC } from '../../../src/domain/events.js';
import { testEngines } from '../../helpers/engines.js';
import { createTenant, unique } from '../../helpers/fixtures.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createdId, newTenantFields, restGet, restLogin, sendJson } from '../../http/rest/rest-client.js';

const csvLine = (values: readonly string[]) => values.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',');

/** A CSV file of tenant records (the header is the union of the records' field names). */
function csv(records: readonly Record<string, string>[]): Readable {
  const header = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return Readable.from([[csvLine(header), ...records.map((r) => csvLine(header.map((h) => r[h] ?? '')))].join('\n') + '\n']);
}

for (const engine of testEngines()) {
  describe(`the bulk import of tenants on ${engine.name}`, () => {
    let t: TestApp;
    let host: Caller;
    let cookie: string;
    let adminHash: string;
    before(async () => {
      t = await startTestApp(engine);
      host = await t.services.auth.callerFromBearer(await t.http.signIn('admin', HOST_ADMIN_PASSWORD));
      cookie = await restLogin(t);
      adminHash = await hashPassword('Imported-admin-1');
    });
    after(() => t.close());

    // The file's records read as the CLI reads them (the REST resource's fields).
    const run = (input: Omit<TenantImport, 'rows'> & { rows: AsyncIterable<BulkTenantRow> }) =>
      importTenants({ data: t.data, hostConfiguration: t.services.hostConfiguration, config: t.config, policies: new AccountPolicies(t.data, t.config.lockout) }, host, { ...input, rows: restTenantRows(input.rows) });

    it('writes what a REST create writes: the same record, settings, roles, admin who signs in, and its events', async () => {
      const company = unique('Bulk Co ');
      const fields = newTenantFields(company, { email: 'bulk@example.com', sub_domain: '' });
      delete (fields as Record<string, string>).sub_domain;
      const viaRest = createdId(await sendJson(t, 'POST', '/tenant?alt=json', { platform: { tenant: fields } }, { cookie }));
      const report = await run({ rows: readTenantRows(csv([fields, { ...fields, password: '', password_hash: adminHash }]), 'csv'), surface: 'test' });
      assert.deepEqual({ read: report.read, imported: report.imported, rejected: report.rejected, problems: report.problems }, { read: 2, imported: 2, rejected: 0, problems: [] });
      const [plain, hashed] = [report.firstTenantId!, report.lastTenantId!];
      assert.equal(hashed, plain + 1, 'ids follow the file');

      const record = async (id: number) => {
        const body = JSON.parse((await restGet(t, `/tenant/${id}?alt=json`, { cookie })).text).platform.tenant as Record<string, unknown>;
        for (const volatile of ['id', 'number', 'date_created', 'date_modified', 'start_date', 'tenancy_name']) delete body[volatile];
        return body;
      };
      assert.deepEqual(await record(plain), await record(viaRest));
      const restTenant = (await t.data.tenants.findLive(viaRest))!;
      for (const id of [plain, hashed]) {
        const tenant = (await t.data.tenants.findLive(id))!;
        assert.match(tenant.tenancy_name, new RegExp(`^${restTenant.tenancy_name}-\\d+$`), 'the single create’s naming rule: the next free suffix');
        assert.deepEqual(await t.data.settings.find(id).then((s) => [s?.timezone, s?.default_country_code, s?.currency]), await t.data.settings.find(viaRest).then((s) => [s?.timezone, s?.default_country_code, s?.currency]));
        const admin = (await t.data.users.findByUserNameOrEmail(id, 'bulk@example.com'))!;
        assert.deepEqual(await t.data.roles.listRoleNamesOfUser(id, admin.id), ['Admin']);
        assert.equal(admin.must_change_password, true);
        const events = (await t.data.outbox.listForTenant(id, EVENT_TOPIC)).map((m) => (m.payload as { type: string }).type);
        assert.deepEqual(events.sort(), ['Tenant.Created', 'User.CreatedOrUpdated']);
      }
      assert.ok(await restLogin(t, 'bulk@example.com', 'Secret-pass-1', (await t.data.tenants.findLive(plain))!.tenancy_name), 'a plain password is hashed');
      assert.ok(await restLogin(t, 'bulk@example.com', 'Imported-admin-1', (await t.data.tenants.findLive(hashed))!.tenancy_name), 'an imported hash keeps working');
      const audit = (await t.data.auditLog.listForTenant(0)).filter((a) => a.action === 'tenants.imported');
      assert.equal(audit.length, 1, 'one audit entry for the import, not one per tenant');
      assert.deepEqual(audit[0]!.details, { surface: 'test', imported: 2, rejected: 0, eventsEmitted: true, firstTenantId: plain, lastTenantId: hashed });
    });

    it('rejects bad rows with their row number, field and message, and imports the rest', async () => {
      const good = newTenantFields(unique('Good '), { password: '', password_hash: adminHash });
      const lines = [
        JSON.stringify(good),
        JSON.stringify({ ...good, company: unique('Phone ') , phone: 'call me' }),
        '',
        'not json',
        JSON.stringify({ ...good, company: '' }),
        JSON.stringify({ ...good, company: unique('Hash '), password_hash: 'plain-text' }),
        JSON.stringify({ ...good, company: unique('Plan '), base_subscriber_plan: '987654' }),
        JSON.stringify({ ...good, company: unique('App '), appList: 'ffffffffffffffffffffffffffffffff' }),
        JSON.stringify({ ...good, company: unique('Field '), colour: 'blue' }),
        JSON.stringify({ ...good, company: unique('Nested '), city: { name: 'x' } }),
        JSON.stringify({ ...good, company: unique('Both '), password: 'Secret-pass-1' }),
        JSON.stringify({ ...good, company: unique('Good ') }),
      ];
      const progress: number[] = [];
      const report = await run({ rows: readTenantRows(Readable.from([lines.join('\n')]), 'jsonl'), batchSize: 2, onProgress: (p) => progress.push(p.read) });
      assert.equal(report.read, 11, 'the blank line is not a row');
      assert.equal(report.imported, 2);
      assert.equal(report.rejected, 9);
      const byRow = new Map(report.problems.map((p) => [p.row, p]));
      assert.deepEqual([...byRow.keys()].sort((a, b) => a - b), [2, 3, 4, 5, 6, 7, 8, 9, 10]);
      assert.equal(byRow.get(2)!.field, 'phone');
      assert.equal(byRow.get(3)!.field, 'row');
      assert.deepEqual(byRow.get(4), { row: 4, field: 'company', message: 'The company field is required.' });
      assert.equal(byRow.get(5)!.field, 'password_hash');
      assert.match(byRow.get(6)!.message, /no plan with the id 987654/);
      assert.match(byRow.get(7)!.message, /no package with the installation id/);
      assert.equal(byRow.get(8)!.field, 'colour');
      assert.equal(byRow.get(9)!.field, 'city');
      assert.equal(byRow.get(10)!.field, 'password');
      assert.ok(progress.length >= 5 && progress.at(-1) === 11, `progress is told as rows are read: ${progress.join()}`);
      assert.equal((await t.data.tenants.findLive(report.lastTenantId!))?.company_name, JSON.parse(lines.at(-1)!).company);
    });

    it('is all or nothing: a file that breaks half-way, or a dry run, leaves no tenant behind', async () => {
      const before = (await t.data.auditLog.listForTenant(0)).length;
      const first = newTenantFields(unique('Whole '), { password: '', password_hash: adminHash });
      const broken = `${csvLine(Object.keys(first))}\n${csvLine(Object.values(first))}\n"unterminated,${csvLine(Object.values(first).slice(1))}\n`;
      await assert.rejects(run({ rows: readTenantRows(Readable.from([broken]), 'csv'), batchSize: 1 }), (error: { code?: string; fields?: { field: string }[] }) => {
        assert.equal(error.code, 'validation');
        assert.equal(error.fields![0]!.field, 'file');
        return true;
      });
      const dry = await run({ rows: readTenantRows(csv([first]), 'csv'), dryRun: true });
      assert.deepEqual([dry.imported, dry.dryRun], [1, true]);
      assert.equal(await t.data.tenants.findLive(dry.firstTenantId!), undefined, 'the dry run rolled back');
      assert.equal((await t.data.auditLog.listForTenant(0)).length, before);
      assert.equal(await t.data.tenants.isTenancyNameTaken(first.company!.replace(/ /g, '-')), false);
    });

    it('emits no events when told not to, and still sends the welcome mails asked for', async () => {
      const fields = newTenantFields(unique('Quiet '), { password: '', password_hash: adminHash, sendWelcomeEmail: '1' });
      const report = await run({ rows: readTenantRows(csv([fields]), 'csv'), emitEvents: false });
      const messages = await t.data.outbox.listForTenant(report.firstTenantId!);
      assert.deepEqual(messages.map((m) => m.topic), ['mail']);
      assert.equal(report.eventsEmitted, false);
    });

    it('installs the packages a row lists and gives its admin the Admin role, with events or without', async () => {
      const ids = [randomBytes(16).toString('hex'), randomBytes(16).toString('hex')];
      for (const id of ids) await t.data.packages.insert({ id, name: unique('Bulk app '), description: '' });
      for (const emitEvents of [true, false]) {
        const fields = newTenantFields(unique('Apps '), { password: '', password_hash: adminHash, appList: ids.join(', ') });
        const report = await run({ rows: readTenantRows(csv([fields]), 'csv'), emitEvents });
        assert.deepEqual([report.imported, report.rejected], [1, 0], JSON.stringify(report.problems));
        const id = report.firstTenantId!;
        assert.deepEqual(await t.data.packages.listInstalled(id), [...ids].sort());
        const admin = (await t.data.users.findByUserNameOrEmail(id, fields.email!))!;
        assert.deepEqual(await t.data.roles.listRoleNamesOfUser(id, admin.id), ['Admin']);
        assert.equal((await t.data.outbox.listForTenant(id, EVENT_TOPIC)).length, emitEvents ? 2 : 0);
      }
    });

    it('names tenants apart from existing ones and from each other, as a single create would', async () => {
      const existing = await createTenant(t);
      const fields = newTenantFields(existing.tenant.tenancy_name, { password: '', password_hash: adminHash });
      const report = await run({ rows: readTenantRows(csv([fields, fields, fields]), 'csv') });
      const names = [];
      for (let id = report.firstTenantId!; id <= report.lastTenantId!; id++) names.push((await t.data.tenants.findLive(id))!.tenancy_name);
      const base = existing.tenant.tenancy_name;
      assert.deepEqual(names, [`${base}-2`, `${base}-3`, `${base}-4`]);
    });

    it('refuses a caller without Tenants.Manage before reading a row', async () => {
      const tenant = await createTenant(t);
      const caller = await t.services.auth.callerFromBearer(await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name));
      let read = false;
      const rows = (function* () {
        read = true;
        yield { row: 1, values: newTenantFields(unique('Never ')) };
      })();
      await assert.rejects(importTenants({ data: t.data, hostConfiguration: t.services.hostConfiguration, config: t.config, policies: new AccountPolicies(t.data, t.config.lockout) }, caller, { rows: restTenantRows(rows) }), { code: 'forbidden' });
      assert.equal(read, false);
    });
  });
}
