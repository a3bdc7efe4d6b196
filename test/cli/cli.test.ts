import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Command } from 'commander';
import { PassThrough, Readable } from 'node:stream';
import { buildProgram } from '../../src/cli/program.js';
import { cli } from '../helpers/cli.js';
import { testEngines } from '../helpers/engines.js';
import { createTenant, unique } from '../helpers/fixtures.js';
import { generateKey } from '../helpers/api-key-fixtures.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.js';
import { WHO_AM_I } from '../helpers/http.js';

const restTenant = (company: string) => [
  'tenants', 'create', '--company', company, '--email', `${unique('admin')}@example.com`, '--first-name', 'Ada', '--last-name', 'Admin',
  '--field', 'phone=+14155550100', 'time_zone=America/New_York', 'country=United States', 'city=New York', 'street=1 Main St',
];

for (const engine of testEngines()) {
  describe(`tenantry CLI commands (${engine.name})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t.close());

    it('creates a tenant through the registry, lists it with the REST filter language, shows it, and audits the CLI as the actor', async () => {
      const company = unique('Cli Co ');
      const created = await cli(t, ['--json', ...restTenant(company), '--password-env', 'ADMIN_PW'], { env: { ADMIN_PW: 'Tenant-admin-9' } });
      assert.equal(created.code, 0, created.stderr);
      const id = created.json.id as number;
      assert.equal(created.json.generatedPassword, undefined, 'the given password is not echoed back');
      assert.doesNotMatch(created.stdout + created.stderr, /Tenant-admin-9/);

      const listed = await cli(t, ['tenants', 'list', '--filter', `name = '${company}'`, '--json']);
      assert.equal(listed.code, 0, listed.stderr);
      assert.deepEqual(listed.json.tenants.map((r: any) => r.id), [id]);
      assert.equal(listed.json.total, 1);
      const table = await cli(t, ['tenants', 'list', '--filter', `name = '${company}'`]);
      assert.match(table.stdout, /^ID\s+TENANCY NAME\s+NAME\s+STATE/m);
      assert.match(table.stdout, new RegExp(`^${id}\\s+\\S+\\s+${company}\\s+active`, 'm'));

      const shown = await cli(t, ['tenants', 'show', String(id), '--json']);
      assert.equal(shown.json.company, company);

      const signIn = await t.http.post('/api/TokenAuth/Authenticate', { userNameOrEmailAddress: 'admin', password: 'Tenant-admin-9', tenancyName: created.json.tenancyName });
      assert.equal(signIn.status, 200, 'the admin signs in with the password read from the environment');

      const creation = (await t.data.auditLog.listForTenant(id)).find((row) => row.action === 'tenant.created');
      assert.ok(creation, 'the creation is audited');
      assert.equal(creation.actor_user_name, 'tenantry-cli');
      assert.equal(creation.user_agent, 'tenantry-cli (os user test-operator)');
    });

    it('suspends, resumes, deletes, restores and purges a tenant; the credentials of a suspended tenant stop at once', async () => {
      const tenant = await createTenant(t);
      const id = tenant.tenant.id;
      const token = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      assert.equal((await cli(t, ['tenants', 'suspend', String(id)])).code, 0);
      assert.equal((await t.http.get(WHO_AM_I, { token })).status, 401, 'a suspended tenant\'s token stops working');
      assert.equal((await t.data.tenants.findAny(id))!.is_active, false);
      assert.equal((await cli(t, ['tenants', 'resume', String(id)])).code, 0);
      assert.equal((await t.data.tenants.findAny(id))!.is_active, true);

      const refused = await cli(t, ['tenants', 'purge', String(id), '--yes']);
      assert.equal(refused.code, 4, 'a live tenant cannot be purged: a conflict');
      assert.match(refused.stderr, /^error: Only a deleted tenant can be purged; delete it first\.\n$/);
      assert.equal((await cli(t, ['tenants', 'delete', String(id)])).code, 0);
      assert.ok((await t.data.tenants.findAny(id))!.deleted_at);
      assert.equal((await cli(t, ['tenants', 'restore', String(id)])).code, 0);
      assert.equal((await t.data.tenants.findAny(id))!.deleted_at, null);
      assert.equal((await cli(t, ['tenants', 'delete', String(id)])).code, 0);
      const unconfirmed = await cli(t, ['tenants', 'purge', String(id)]);
      assert.equal(unconfirmed.code, 2, 'purging asks for --yes');
      assert.equal((await cli(t, ['tenants', 'purge', String(id), '--yes'])).code, 0);
      assert.equal(await t.data.tenants.findAny(id), undefined);
      const gone = await cli(t, ['tenants', 'show', String(id)]);
      assert.equal(gone.code, 3);
      assert.equal(gone.stderr, `error: Tenant ${id} was not found.\n`);
    });

    it('lists a tenant\'s API keys by prefix and revokes one, which stops working at once', async () => {
      const tenant = await createTenant(t);
      const token = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      const key = await generateKey(t, token);
      const listed = await cli(t, ['keys', 'list', '--tenant', String(tenant.tenant.id), '--json']);
      assert.equal(listed.code, 0, listed.stderr);
      assert.deepEqual(listed.json.items.map((k: any) => k.id), [key.id]);
      assert.ok(key.key.startsWith(listed.json.items[0].prefix));
      assert.doesNotMatch(listed.stdout, new RegExp(key.key.slice(-20)), 'no secret is listed');
      assert.equal((await t.http.get(WHO_AM_I, { headers: { 'api-key': key.key } })).status, 200);
      assert.equal((await cli(t, ['keys', 'revoke', String(key.id), '--tenant', String(tenant.tenant.id)])).code, 0);
      assert.equal((await t.http.get(WHO_AM_I, { headers: { 'api-key': key.key } })).status, 401);
      assert.equal((await cli(t, ['keys', 'revoke', String(key.id), '--tenant', String(tenant.tenant.id)])).code, 3, 'a revoked key is not found again');
    });

    it('creates a host administrator and resets a password read from standard input, never echoing it', async () => {
      const userName = unique('ops');
      const created = await cli(t, ['admin', 'create', '--user-name', userName, '--email', `${userName}@example.com`, '--json']);
      assert.equal(created.code, 0, created.stderr);
      assert.deepEqual(created.json.roleNames, ['Admin']);
      const generated = /shown once: (\S+)/.exec(created.stderr)?.[1];
      assert.ok(generated, 'a generated password is shown once, on standard error');
      assert.ok(!created.stdout.includes(generated), 'and not in the JSON answer');

      const reset = await cli(t, ['admin', 'reset-password', userName, '--password-stdin'], { stdin: 'Chosen-pass-77\n' });
      assert.equal(reset.code, 0, reset.stderr);
      assert.doesNotMatch(reset.stdout + reset.stderr, /Chosen-pass-77/);
      assert.ok(await t.http.signIn(userName, 'Chosen-pass-77'));
      assert.equal((await cli(t, ['admin', 'reset-password', unique('nobody'), '--password-stdin'], { stdin: 'Chosen-pass-77\n' })).code, 3);
      const weak = await cli(t, ['admin', 'reset-password', userName, '--password-stdin'], { stdin: 'x\n' });
      assert.equal(weak.code, 2, 'a password that breaks the rules is bad input');
      assert.equal(weak.stderr.split('\n').length, 2, 'reported in one line');
      assert.ok(await t.http.signIn('admin', HOST_ADMIN_PASSWORD), 'the host admin is untouched');
    });

    it('shows the outbox and retries given-up messages, which the running server then delivers', async () => {
      const tenant = await createTenant(t);
      await t.data.outbox.enqueue({ tenantId: tenant.tenant.id, topic: 'cli-test', payload: { n: 1 } });
      await t.database.db.updateTable('outbox').set({ failed_at: new Date(), attempts: 10, last_error: 'receiver down' }).where('topic', '=', 'cli-test').execute();
      const status = await cli(t, ['outbox', 'status', '--json']);
      assert.equal(status.code, 0, status.stderr);
      assert.deepEqual(status.json.topics.find((s: any) => s.topic === 'cli-test'), { topic: 'cli-test', pending: 0, failed: 1, oldestPendingSeconds: 0 });
      assert.equal(status.json.recentFailures[0].lastError, 'receiver down');
      assert.equal((await cli(t, ['outbox', 'retry'])).code, 2, 'retry names what to retry');
      const retried = await cli(t, ['outbox', 'retry', '--topic', 'cli-test', '--json']);
      assert.deepEqual(retried.json, { retried: 1 });
      const row = await t.database.db.selectFrom('outbox').selectAll().where('topic', '=', 'cli-test').executeTakeFirstOrThrow();
      assert.equal(row.failed_at, null);
      assert.equal(row.attempts, 0);
    });

    it('answers --help on every command, and usage errors with exit status 2 in one line', async () => {
      // Every command and group the program registers, found by walking it: a new command cannot miss its help.
      const paths: string[][] = [];
      const walk = (command: Command, words: string[]) => {
        paths.push(words);
        for (const sub of command.commands) walk(sub, [...words, sub.name()]);
      };
      walk(buildProgram({ env: {}, stdout: new PassThrough(), stderr: new PassThrough(), stdin: Readable.from([]), osUser: 'test' }), []);
      assert.ok(paths.length > 20, `${paths.length} commands`);
      for (const words of paths) {
        const run = await cli(t, [...words, '--help']);
        assert.equal(run.code, 0, words.join(' '));
        assert.match(run.stdout, new RegExp(`^Usage: tenantry${words.map((name) => ` ${name}`).join('')} `), words.join(' '));
        assert.ok(run.stdout.split('\n').length > 3, `${words.join(' ')} describes itself`);
      }
      const unknown = await cli(t, ['tenants', 'frobnicate']);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /^error: unknown command 'frobnicate'/);
      const badId = await cli(t, ['tenants', 'show', 'abc']);
      assert.equal(badId.code, 2);
      const badFilter = await cli(t, ['tenants', 'list', '--filter', "name = 'unterminated"]);
      assert.equal(badFilter.code, 2);
      assert.equal(badFilter.stderr.split('\n').length, 2, badFilter.stderr);
    });

    it('imports many tenants from a CSV file with --bulk and reports the rejected rows', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'tenantry-bulk-'));
      const file = path.join(dir, 'tenants.csv');
      const header = 'company,email,first_name,last_name,password,phone,time_zone,country,city,street';
      const row = (company: string) => `${company},${unique('a')}@example.com,Ada,Admin,Bulk-admin-1,+14155550100,America/New_York,United States,New York,1 Main St`;
      const first = unique('Bulk One ');
      writeFileSync(file, [header, row(first), row(unique('Bulk Two ')), ',nobody@example.com,No,Company,Bulk-admin-1,+14155550100,America/New_York,United States,New York,1 Main St'].join('\n'));
      try {
        const run = await cli(t, ['tenants', 'import', '--bulk', file, '--json']);
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual([run.json.read, run.json.imported, run.json.rejected], [3, 2, 1]);
        assert.deepEqual(run.json.problems.map((p: any) => [p.row, p.field]), [[3, 'company']]);
        const listed = await cli(t, ['tenants', 'list', '--filter', `name = '${first}'`, '--json']);
        assert.equal(listed.json.total, 1);
        const human = await cli(t, ['tenants', 'import', '--bulk', file, '--dry-run']);
        assert.match(human.stdout, /^Checked \(dry run, nothing kept\): 0 of 3 tenants; 3 rows rejected\.|^Checked \(dry run, nothing kept\): \d+ of 3 tenants/);
        assert.match(human.stdout, /^ROW\s+FIELD\s+PROBLEM/m);
        const unknown = await cli(t, ['tenants', 'import', '--bulk', path.join(dir, 'tenants.txt')]);
        assert.equal(unknown.code, 2);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('migrate --dry-run lists nothing on a current schema', async () => {
      const dry = await cli(t, ['migrate', '--dry-run', '--json']);
      assert.deepEqual(dry.json, { pending: [] });
    });
  });
}
