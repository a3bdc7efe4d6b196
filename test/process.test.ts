import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ensureBuilt } from './helpers/built.js';
import { HttpClient } from './helpers/http.js';
import { projectRoot } from './helpers/project-root.js';
import { freePort } from './helpers/free-port.js';
import { mainCommand } from './helpers/server-process.js';

const root = projectRoot;


interface Running {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

/** Starts the built service as `npm start` does after building (`node dist/main.js`) and waits until it listens. */
async function start(env: Record<string, string>, port: number): Promise<Running> {
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: root,
    env: { ...process.env, CI: '', LOG_LEVEL: 'warn', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const http = new HttpClient(`http://127.0.0.1:${port}`);
  for (let i = 0; i < 1800; i++) {
    if (child.exitCode !== null) break;
    const healthy = await http.get('/health').then((a) => a.status === 200, () => false);
    if (healthy) return { child, output: () => output, exit };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`the service did not start:\n${output}`);
}

describe('the service as a process', () => {
  // What `npm start` runs first (when the build is older than the source); the server is then started directly so
  // signals reach it, not npm.
  ensureBuilt();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tenantry-process-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts on an empty data directory, prints the generated admin password once, and keeps its data across a restart', async () => {
    const port = await freePort();
    const http = new HttpClient(`http://127.0.0.1:${port}`);
    const first = await start({ DATA_DIR: dataDir }, port);
    const printed = /password: (\S+)/.exec(first.output());
    assert.ok(printed, `the generated password is printed:\n${first.output()}`);
    const password = printed[1]!;
    const token = await http.signIn('admin', password);
    assert.ok(token);

    first.child.kill('SIGTERM');
    assert.equal(await first.exit, 0, 'a graceful shutdown exits with 0');

    const second = await start({ DATA_DIR: dataDir }, port);
    try {
      assert.doesNotMatch(second.output(), /password:/, 'the password is shown only on the first start');
      assert.ok(await http.signIn('admin', password), 'the same admin signs in after the restart');
    } finally {
      second.child.kill('SIGTERM');
      assert.equal(await second.exit, 0);
    }
  });

  it('refuses to start with bad configuration and says which variable is wrong', async () => {
    const child = spawn(process.execPath, mainCommand(), {
      cwd: root,
      env: { ...process.env, PORT: 'eighty', LOG_LEVEL: 'loud', DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 1);
    assert.match(output, /PORT must be/);
    assert.match(output, /LOG_LEVEL must be/);
  });
});
