import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { HttpClient } from '../helpers/http.js';
import { projectRoot } from '../helpers/project-root.js';
import { waitFor } from '../helpers/wait-for.js';
import { freePort } from '../helpers/free-port.js';
import { mainCommand } from '../helpers/server-process.js';

const PASSWORD = 'First-start-pass-1';


function start(dataDir: string, port: number): ChildProcess {
  return spawn(process.execPath, mainCommand(), {
    cwd: projectRoot,
    env: { ...process.env, CI: '', LOG_LEVEL: 'silent', PORT: String(port), DATA_DIR: dataDir, ADMIN_PASSWORD: PASSWORD },
    stdio: 'ignore',
  });
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

// The embedded engine's first start creates the data directory (initdb), migrates it and creates the host admin;
// killed at any moment of that, the next start must still open the directory and finish the job.
describe('the embedded engine killed during its first start', () => {
  for (const delayMs of [0, 700]) {
    it(`opens its data directory again when killed ${delayMs} ms after it began writing it`, async () => {
      const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'tenantry-first-start-')), 'data');
      const port = await freePort();
      const http = new HttpClient(`http://127.0.0.1:${port}`);
      try {
        const first = start(dataDir, port);
        await waitFor(() => {
          try {
            return readdirSync(dataDir).length > 0;
          } catch {
            return false;
          }
        }, 'the first start to write its data directory', 60_000);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        const readyBeforeKill = (await http.get('/health/ready').catch(() => undefined))?.status === 200;
        await kill(first);
        assert.equal(readyBeforeKill, false, 'the kill landed before the first start was done');

        const second = start(dataDir, port);
        try {
          await waitFor(async () => (await http.get('/health/ready').catch(() => undefined))?.status === 200, 'the second start to be ready', 90_000);
          assert.ok(await http.signIn('admin', PASSWORD), 'the host admin signs in');
        } finally {
          await kill(second);
        }
      } finally {
        rmSync(path.dirname(dataDir), { recursive: true, force: true });
      }
    });
  }
});
