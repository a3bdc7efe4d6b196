import { randomUUID } from 'node:crypto';
import { HttpClient, WHO_AM_I } from '../helpers/http.js';
import type { MemoryFigures } from '../helpers/memory-probe.js';
import { RPC, validCompleteBody, validSubmitBody } from '../helpers/onboarding.js';
import { freePort } from '../helpers/free-port.js';
import { killServerProcess, memoryOf, startServerProcess } from '../helpers/server-process.js';
import type { CrashTarget } from './crash-run.js';

export const SOAK_PASSWORD = 'Soak-admin-pass-1';
const PASSWORD = SOAK_PASSWORD;
const GET_TENANTS = '/api/services/Platform/Tenant/GetTenants';
const MiB = 1024 * 1024;

/** Every limit raised out of the soak's reach: a 429 would be the limiter doing its job, not a defect. */
const RAISED_LIMITS: Record<string, string> = Object.fromEntries(
  ['RATE_LIMIT_PER_MINUTE', 'RATE_LIMIT_PER_DAY', 'RATE_LIMIT_IP_PER_MINUTE', 'RATE_LIMIT_IP_PER_DAY', 'SIGN_IN_LIMIT_PER_MINUTE', 'SIGN_IN_IP_LIMIT_PER_MINUTE'].map(
    (name) => [name, '1000000000'],
  ),
);

export type Operation = 'read' | 'search' | 'onboarding' | 'key generation' | 'key delete' | 'tenant delete';

/** One interval of the run: how many requests ended in it and their latency percentiles. */
export interface SoakInterval {
  endSeconds: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
}

/** The service's memory at one moment, after forced garbage collections (heap = live heap). */
export interface MemorySample {
  atSeconds: number;
  rssMiB: number;
  heapMiB: number;
}

export interface SoakFigures {
  engine: CrashTarget['engine'];
  seconds: number;
  concurrency: number;
  requests: number;
  byOperation: Record<Operation, number>;
  /** Answers other than the expected 2xx, or failed requests (the service never went away during the soak). */
  unexpected: string[];
  p50Ms: number;
  p99Ms: number;
  intervals: SoakInterval[];
  memory: MemorySample[];
  /** Live heap growth over the load, MiB per minute (least squares over the samples after the first interval). */
  heapGrowthMiBPerMinute: number;
}

export interface SoakOptions {
  seconds: number;
  concurrency: number;
  intervalSeconds: number;
  memoryEverySeconds: number;
  /** More settings for the service (e.g. EMBEDDED_SHARED_BUFFERS_MB). */
  env?: Record<string, string>;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Least-squares slope of y over x. */
export function slope(points: readonly { x: number; y: number }[]): number {
  if (points.length < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / points.length;
  const my = points.reduce((s, p) => s + p.y, 0) / points.length;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

// Reads and searches most, then key generations, onboardings and deletes, as a busy control plane sees them.
const MIX: [Operation, number][] = [
  ['read', 35],
  ['search', 20],
  ['key generation', 20],
  ['onboarding', 8],
  ['key delete', 12],
  ['tenant delete', 5],
];

function pick(): Operation {
  let roll = Math.random() * MIX.reduce((s, [, w]) => s + w, 0);
  for (const [operation, weight] of MIX) {
    roll -= weight;
    if (roll < 0) return operation;
  }
  return 'read';
}

const SEARCH_TERMS = ['Acme', 'acme', 'Ac', 'Widgets', 'zzz', 'Soak', 'e'];

/**
 * Mixed load at fixed concurrency against the real service process for `seconds`: reads, searches, onboardings
 * (SubmitTenancyRequest + CompleteTenantRegistration), API key generations and deletes of keys and tenants.
 * Counts every answer that is not the expected 2xx, latency percentiles per interval, and the service's RSS and
 * live heap (after forced garbage collections, asked over IPC) every `memoryEverySeconds`.
 */
export async function soakRun(target: CrashTarget, options: SoakOptions): Promise<SoakFigures> {
  const port = await freePort();
  const env: Record<string, string> = target.engine === 'pglite' ? { DATA_DIR: target.dataDir } : { DATABASE_URL: target.databaseUrl };
  const server = await startServerProcess(port, { ADMIN_PASSWORD: PASSWORD, ...RAISED_LIMITS, ...env, ...options.env }, { memoryProbe: true });
  const http = new HttpClient(`http://127.0.0.1:${port}`);
  const figures: SoakFigures = {
    engine: target.engine,
    seconds: options.seconds,
    concurrency: options.concurrency,
    requests: 0,
    byOperation: Object.fromEntries(MIX.map(([o]) => [o, 0])) as Record<Operation, number>,
    unexpected: [],
    p50Ms: 0,
    p99Ms: 0,
    intervals: [],
    memory: [],
    heapGrowthMiBPerMinute: 0,
  };
  try {
    const token = await http.signIn('admin', PASSWORD);
    const product = await http.post(RPC.createProduct, { name: `Soak ${randomUUID()}`, prices: [{ paymentPeriodType: 'Monthly', amount: 10, currency: 'USD' }] }, { token });
    if (product.status !== 200) throw new Error(`creating the product failed: ${product.status} ${product.text}`);
    const productId = product.body.id as number;
    const keys: number[] = [];
    const tenants: number[] = [];
    const expect = (what: string, answer: { status: number; text: string }) => {
      if (answer.status < 200 || answer.status > 299) throw new Error(`${what}: ${answer.status} ${answer.text.slice(0, 200)}`);
    };
    const run = async (operation: Operation): Promise<void> => {
      switch (operation) {
        case 'read':
          return Math.random() < 0.5
            ? expect('who am I', await http.get(WHO_AM_I, { token }))
            : expect('tenant page', await http.get(`${GET_TENANTS}?MaxResultCount=10&SkipCount=${Math.floor(Math.random() * 20)}`, { token }));
        case 'search': {
          const term = SEARCH_TERMS[Math.floor(Math.random() * SEARCH_TERMS.length)]!;
          return expect('search', await http.get(`${GET_TENANTS}?Filter=${encodeURIComponent(term)}&MaxResultCount=10`, { token }));
        }
        case 'onboarding': {
          const lead = await http.post(RPC.submit, validSubmitBody(productId), { token });
          expect('submit', lead);
          const done = await http.post(RPC.complete, validCompleteBody(lead.body.leadRequestXref, { tenancyName: `Soak${randomUUID().slice(0, 8)}` }), { token });
          expect('complete', done);
          tenants.push(done.body.tenantId as number);
          return;
        }
        case 'key generation': {
          const key = await http.post('/api/services/Platform/ApiKey/Generate', { name: `soak-${randomUUID()}`, expirationDate: new Date(Date.now() + 86_400_000).toISOString() }, { token });
          expect('generate', key);
          keys.push(key.body.id as number);
          return;
        }
        case 'key delete': {
          const id = keys.shift();
          if (id === undefined) return run('key generation');
          return expect('key delete', await http.delete(`/api/services/Platform/ApiKey/Delete?Id=${id}`, { token }));
        }
        case 'tenant delete': {
          const id = tenants.shift();
          if (id === undefined) return run('read');
          return expect('tenant delete', await http.delete(`/api/services/Platform/Tenant/DeleteTenant?Id=${id}`, { token }));
        }
      }
    };

    const started = Date.now();
    const elapsed = () => (Date.now() - started) / 1000;
    const all: number[] = [];
    let current: number[] = [];
    const sample = async () => {
      const m: MemoryFigures = await memoryOf(server);
      figures.memory.push({ atSeconds: Math.round(elapsed()), rssMiB: m.rss / MiB, heapMiB: m.heapUsed / MiB });
    };
    await sample();
    const deadline = started + options.seconds * 1000;
    const closeInterval = () => {
      const sorted = current.sort((a, b) => a - b);
      figures.intervals.push({ endSeconds: Math.round(elapsed()), requests: sorted.length, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) });
      all.push(...sorted);
      current = [];
    };
    const intervalTimer = setInterval(closeInterval, options.intervalSeconds * 1000);
    let sampling = Promise.resolve();
    const memoryTimer = setInterval(() => {
      sampling = sampling.then(sample);
    }, options.memoryEverySeconds * 1000);
    const worker = async () => {
      while (Date.now() < deadline) {
        const operation = pick();
        const t0 = performance.now();
        try {
          await run(operation);
          figures.byOperation[operation]++;
        } catch (error) {
          if (figures.unexpected.length < 50) figures.unexpected.push(`${operation}: ${error instanceof Error ? error.message : String(error)}`);
          else figures.unexpected.push(operation);
        }
        current.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    clearInterval(intervalTimer);
    clearInterval(memoryTimer);
    // The last requests end after the deadline: they join the last interval rather than make one of a few.
    if (current.length > 0 && figures.intervals.length > 0 && current.length < figures.intervals.at(-1)!.requests / 4) {
      const last = figures.intervals.pop()!;
      current.push(...all.splice(all.length - last.requests));
    }
    if (current.length > 0) closeInterval();
    await sampling;
    await sample();
    all.sort((a, b) => a - b);
    figures.requests = all.length;
    figures.p50Ms = percentile(all, 50);
    figures.p99Ms = percentile(all, 99);
    const steady = figures.memory.filter((m) => m.atSeconds >= options.intervalSeconds);
    figures.heapGrowthMiBPerMinute = slope(steady.map((m) => ({ x: m.atSeconds / 60, y: m.heapMiB })));
    return figures;
  } finally {
    await killServerProcess(server);
  }
}
