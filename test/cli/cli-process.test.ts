import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ensureBuilt } from '../helpers/built.js';
import { freePort } from '../helpers/free-port.js';
import { HttpClient, WHO_AM_I } from '../helpers/http.js';
import { projectRoot } from '../helpers/project-root.js';
import { waitFor } from '../helpers/wait-for.js';

/** The built CLI as `npx tenantry` runs it (the package's bin, dist/cli/main.js), over an embedded database in its own directory. */
describe('the tenantry executable', () => {
  ensureBuilt();
  const bin = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')).bin.tenantry as string;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tenantry-cli-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [bin, ...args], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, DATA_DIR: dataDir, ADMIN_PASSWORD: 'Process-admin-1', EMBEDDED_FSYNC: 'false', TENANT_PW: 'Tenant-pass-42' },
      encoding: 'utf8',
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('lists the pending migrations with --dry-run without applying them, then applies them', () => {
    const dry = run('migrate', '--dry-run', '--json');
    assert.equal(dry.code, 0, dry.stderr);
    assert.ok(JSON.parse(dry.stdout).pending.includes('0001-foundation'));
    const again = run('migrate', '--dry-run', '--json');
    assert.deepEqual(JSON.parse(again.stdout), JSON.parse(dry.stdout), 'a dry run changed nothing');
    const applied = run('migrate');
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /^Applied: 0001-foundation, /);
    assert.equal(run('migrate').stdout, 'The schema is up to date.\n');
  });

  it('exits 3 for what is not found, 2 for a bad command line, each reported in one plain line without a stack', () => {
    const missing = run('tenants', 'show', '4242');
    assert.equal(missing.code, 3);
    assert.equal(missing.stderr, 'error: Tenant 4242 was not found.\n');
    assert.equal(missing.stdout, '');
    const bad = run('tenants', 'list', '--page-size', 'many');
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
    assert.doesNotMatch(bad.stderr, /\bat .*\.js:\d+/);
    const unknown = run('frobnicate');
    assert.equal(unknown.code, 2);
  });

  it('answers JSON with --json and prints its version', () => {
    const listed = run('tenants', 'list', '--json');
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(JSON.parse(listed.stdout), { total: 0, tenants: [] });
    assert.equal(run('--version').stdout.trim(), JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')).version);
  });

  it('backs the embedded database up and restores it into another data directory that serves the same data; beside a running server the server takes the backup while it serves', async () => {
    const company = `Backup Co ${process.pid}`;
    const created = run('tenants', 'create', '--company', company, '--email', 'b@example.com', '--first-name', 'B', '--last-name', 'K', '--password-env', 'TENANT_PW', '--json', '--field', 'phone=+14155550100', 'time_zone=America/New_York', 'country=United States', 'city=New York', 'street=1 Main St');
    assert.equal(created.code, 0, created.stderr);
    const tenancyName = JSON.parse(created.stdout).tenancyName as string;
    const file = path.join(dataDir, '..', `${path.basename(dataDir)}.backup.tar`);
    const backedUp = run('backup', file);
    assert.equal(backedUp.code, 0, backedUp.stderr);
    const restoredDir = `${dataDir}-restored`;
    const onlineDir = `${dataDir}-online`;
    const runIn = (dir: string, ...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: projectRoot, env: { PATH: process.env.PATH, DATA_DIR: dir }, encoding: 'utf8' });
    const serve = async (dir: string) => {
      const port = await freePort();
      const server = spawn(process.execPath, ['dist/main.js'], { cwd: projectRoot, env: { PATH: process.env.PATH, DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'warn' }, stdio: 'ignore' });
      const http = new HttpClient(`http://127.0.0.1:${port}`);
      await waitFor(() => http.get('/health').then((a) => a.status === 200, () => false), 'the restored server to start', 60_000);
      return { http, stop: async () => (server.kill('SIGTERM'), await once(server, 'exit')) };
    };
    try {
      const restored = runIn(restoredDir, 'restore', file);
      assert.equal(restored.status, 0, restored.stderr);
      const server = await serve(restoredDir);
      let keyMadeWhileRunning: string;
      try {
        const token = await server.http.signIn('admin', 'Tenant-pass-42', tenancyName);
        const who = await server.http.get(WHO_AM_I, { token });
        assert.equal(who.body.tenant.tenancyName, tenancyName, 'the restored database serves the tenant and signs its admin in');

        // Online: the server holds DATA_DIR (no second process may open it), so the CLI asks the server for the
        // backup, which it takes between two of its transactions while it goes on answering and writing.
        const generate = () => server.http.post('/api/services/Platform/ApiKey/Generate', { name: `Online ${Date.now()}`, expirationDate: new Date(Date.now() + 86_400_000).toISOString() }, { token });
        const made = await generate();
        assert.equal(made.status, 200, made.text);
        keyMadeWhileRunning = made.body.key;
        let writing = true;
        const statuses: number[] = [];
        const writer = (async () => {
          while (writing) statuses.push((await generate()).status);
        })();
        const online = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, [bin, 'backup', `${file}.2`, '--json'], { cwd: projectRoot, env: { PATH: process.env.PATH, DATA_DIR: restoredDir } });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (chunk) => (stdout += chunk));
          child.stderr.on('data', (chunk) => (stderr += chunk));
          child.on('exit', (status) => resolve({ status, stdout, stderr }));
        });
        writing = false;
        await writer;
        assert.equal(online.status, 0, online.stderr);
        assert.equal(JSON.parse(online.stdout).online, true);
        assert.ok(statuses.length > 0 && statuses.every((status) => status === 200), 'the server answered and wrote throughout');
        assert.equal((await server.http.get(WHO_AM_I, { token })).status, 200, 'and serves on after it');
      } finally {
        await server.stop();
      }
      const overwrite = runIn(restoredDir, 'restore', file);
      assert.equal(overwrite.status, 4, 'a directory holding a database is not restored over without --force');

      // The online backup restores into a database that serves what was written while the server ran.
      assert.equal(runIn(onlineDir, 'restore', `${file}.2`).status, 0);
      const fromOnline = await serve(onlineDir);
      try {
        assert.equal((await fromOnline.http.get(WHO_AM_I, { headers: { 'api-key': keyMadeWhileRunning } })).status, 200, 'a key made while the server ran works');
        await fromOnline.http.signIn('admin', 'Tenant-pass-42', tenancyName);
      } finally {
        await fromOnline.stop();
      }
    } finally {
      rmSync(restoredDir, { recursive: true, force: true });
      rmSync(onlineDir, { recursive: true, force: true });
      rmSync(file, { force: true });
      rmSync(`${file}.2`, { force: true });
    }
  });

  it('refuses bad configuration with exit status 2', () => {
    const result = spawnSync(process.execPath, [bin, 'tenants', 'list'], { cwd: projectRoot, env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: 'eighty' }, encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error: Invalid configuration: PORT must be a whole number/);
  });
});
