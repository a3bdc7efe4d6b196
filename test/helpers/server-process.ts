import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpClient } from './http.js';
import { MEMORY_PROBE_MODULE, type MemoryFigures } from './memory-probe.js';
import { projectRoot } from './project-root.js';

let fromDist = false;

/**
 * Runs every service process started from now on from the built `dist/main.js`, as production does (no loader in
 * the process, whose memory the reliability report measures). The caller checks that dist/ is up to date.
 */
export function startFromDist(): void {
  fromDist = true;
}

/**
 * How to start the service as a process of its own (the arguments after `node`): under the test runner the tests
 * run compiled, and so does `src/main.ts` next to them (no loader, ready in a fraction of the time); run alone under
 * tsx, the source itself.
 */
export function mainCommand(options: ServerProcessOptions = {}): string[] {
  const probe = options.memoryProbe ? ['--expose-gc', '--import', MEMORY_PROBE_MODULE] : [];
  if (fromDist) return [...probe, path.join(projectRoot, 'dist/main.js')];
  if (import.meta.url.endsWith('.js')) return [...probe, fileURLToPath(new URL('../../src/main.js', import.meta.url))];
  return ['--import', 'tsx', ...probe, 'src/main.ts'];
}

export interface ServerProcessOptions {
  /**
   * Loads the probe of test/helpers/memory-probe.ts into the process (with `--expose-gc`) and opens an IPC channel to it, over
   * which `memoryOf` asks for its memory after a forced garbage collection. Only a parent process can ask.
   */
  memoryProbe?: boolean;
}

/** Starts the service on `port` with `env` on top of this process's and answers once it is ready. */
export async function startServerProcess(port: number, env: Record<string, string>, options: ServerProcessOptions = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, mainCommand(options), {
    cwd: projectRoot,
    env: { ...process.env, CI: '', LOG_LEVEL: 'silent', PORT: String(port), ...env },
    stdio: options.memoryProbe ? ['ignore', 'ignore', 'ignore', 'ipc'] : 'ignore',
  });
  const http = new HttpClient(`http://127.0.0.1:${port}`);
  // An embedded first start (initdb and every migration) took up to 50 s on a shared, overloaded machine.
  for (let i = 0; i < 2400; i++) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode} while starting`);
    if (await http.get('/health/ready').then((a) => a.status === 200, () => false)) return child;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error('the service did not become ready in 120 s');
}

/** Kills the process with SIGKILL (no shutdown of any kind runs) and answers once it has exited. */
export async function killServerProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** The memory of a service started with `memoryProbe`, measured after forced garbage collections. */
export function memoryOf(child: ChildProcess): Promise<MemoryFigures> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the service did not report its memory in 30 s')), 30_000);
    child.once('message', (figures) => {
      clearTimeout(timer);
      resolve(figures as MemoryFigures);
    });
    child.send('memory?');
  });
}
