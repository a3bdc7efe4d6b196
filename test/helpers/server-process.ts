import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HttpClient } from './http.js';
import { projectRoot } from './project-root.js';

/**
 * How to start the service as a process of its own: under the test runner the tests run compiled, and so does
 * `src/main.ts` next to them (no loader, ready in a fraction of the time); run alone under tsx, the source itself.
 */
function mainCommand(): string[] {
  if (import.meta.url.endsWith('.js')) return [fileURLToPath(new URL('../../src/main.js', import.meta.url))];
  return ['--import', 'tsx', 'src/main.ts'];
}

/** Starts the service on `port` with `env` on top of this process's and answers once it is ready. */
export async function startServerProcess(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, mainCommand(), {
    cwd: projectRoot,
    env: { ...process.env, CI: '', LOG_LEVEL: 'silent', PORT: String(port), ...env },
    stdio: 'ignore',
  });
  const http = new HttpClient(`http://127.0.0.1:${port}`);
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode} while starting`);
    if (await http.get('/health/ready').then((a) => a.status === 200, () => false)) return child;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error('the service did not become ready in 60 s');
}

/** Kills the process with SIGKILL (no shutdown of any kind runs) and answers once it has exited. */
export async function killServerProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
