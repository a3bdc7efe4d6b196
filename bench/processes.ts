import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../test/helpers/free-port.js';

export const root = path.resolve(import.meta.dirname, '..');

export interface Started {
  child: ChildProcess;
  url: string;
  /** The last lines the process wrote, for the error when it fails. */
  output: () => string;
}

/** Starts a node process serving HTTP on a free port and answers once `readyPath` answers 200. */
export async function startProcess(args: readonly string[], env: Record<string, string>, readyPath: string, nodeFlags: readonly string[] = []): Promise<Started> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeFlags, ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 2400; i++) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}:\n${tail}`);
    const ready = await fetch(url + readyPath).then((a) => a.status === 200, () => false);
    if (ready) return { child, url, output: () => tail };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`${args.join(' ')} was not ready in 120 s:\n${tail}`);
}

/** Stops a process with SIGTERM (so a --cpu-prof profile is written) and waits for it. */
export async function stopProcess(started: Started): Promise<void> {
  const { child } = started;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Resident memory of a process and its children (cluster workers), in MB, from /proc. */
export function residentMb(pid: number): number {
  const pids = [pid, ...childrenOf(pid)];
  let kb = 0;
  for (const p of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // The process ended between listing and reading.
    }
  }
  return Math.round(kb / 1024);
}

function childrenOf(pid: number): number[] {
  try {
    const direct = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return direct.flatMap((c) => [c, ...childrenOf(c)]);
  } catch {
    return [];
  }
}

/** Samples a process's resident memory every 200 ms while `work` runs; answers the work's result and the peak. */
export async function withPeakMemory<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peakMb = residentMb(pid);
  const timer = setInterval(() => (peakMb = Math.max(peakMb, residentMb(pid))), 200);
  try {
    return { result: await work(), peakMb };
  } finally {
    clearInterval(timer);
  }
}
