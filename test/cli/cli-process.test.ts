import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { projectRoot } from '../helpers/project-root.js';

/** The built CLI as `npx tenantry` runs it (the package's bin, dist/cli/main.js), over an embedded database in its own directory. */
describe('the tenantry executable', () => {
  execFileSync(process.execPath, [path.join(projectRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: projectRoot, stdio: 'ignore' });
  const bin = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')).bin.tenantry as string;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tenantry-cli-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [bin, ...args], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, DATA_DIR: dataDir, ADMIN_PASSWORD: 'Process-admin-1', EMBEDDED_FSYNC: 'false' },
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

  it('refuses bad configuration with exit status 2', () => {
    const result = spawnSync(process.execPath, [bin, 'tenants', 'list'], { cwd: projectRoot, env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: 'eighty' }, encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error: Invalid configuration: PORT must be a whole number/);
  });
});
