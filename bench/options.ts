import { parseArgs } from 'node:util';

export type EngineName = 'postgres' | 'pglite';

/** What one `npm run bench` measures, and how hard. */
export interface BenchOptions {
  quick: boolean;
  engines: EngineName[];
  /** Tenant counts W3 runs at per engine, ascending; the other workloads run at the first. */
  tenants: Record<EngineName, number[]>;
  /** Seconds each workload runs (after a short warm-up of the same load). */
  seconds: number;
  connections: number;
  /** Worker processes (`WORKERS`) W1/W2 and their ceilings are run with (PostgreSQL only). */
  workers: number[];
  /** `skipCount` of W8's deep pages (bounded by what is seeded). */
  deepSkip: number;
  /** Users and API keys seeded in one tenant for W8. */
  deepRows: number;
  postgresUrl: string;
  /** Where `<date>.json` goes, and where BENCHMARKS.md and its plots are written. */
  resultsDir: string;
  markdown: string;
  /** `--cpu-prof` the server during this workload (W1 …), profiles written to bench/profiles. */
  profile: string | undefined;
  /** Only these workloads (W1 …); all when empty. */
  only: string[];
}

const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);
const count = (text: string) => {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text);
  if (!match) throw new Error(`not a count: ${text}`);
  return Math.round(Number(match[1]) * ({ k: 1e3, m: 1e6 }[match[2]!.toLowerCase() as 'k' | 'm'] ?? 1));
};

const counts = (text: string) => list(text).map(count).sort((a, b) => a - b);

/** Reads the command line (`npm run bench -- --quick --tenants 10k,100k --engines postgres`). */
export function readOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      engines: { type: 'string' },
      tenants: { type: 'string' },
      'pglite-tenants': { type: 'string' },
      seconds: { type: 'string' },
      connections: { type: 'string' },
      workers: { type: 'string' },
      'deep-skip': { type: 'string' },
      'deep-rows': { type: 'string' },
      'postgres-url': { type: 'string' },
      'results-dir': { type: 'string' },
      markdown: { type: 'string' },
      profile: { type: 'string' },
      only: { type: 'string' },
    },
  });
  const quick = values.quick === true;
  const options: BenchOptions = {
    quick,
    engines: list(values.engines ?? (quick ? 'pglite' : 'postgres,pglite')) as EngineName[],
    // The sizes: 10k, 100k and 1M on PostgreSQL; the embedded engine stops at 100k (--pglite-tenants).
    tenants: {
      postgres: counts(values.tenants ?? (quick ? '300' : '10k,100k,1m')),
      pglite: counts(values['pglite-tenants'] ?? values.tenants ?? (quick ? '300' : '10k,100k')),
    },
    seconds: Number(values.seconds ?? (quick ? 0.5 : 10)),
    connections: Number(values.connections ?? (quick ? 4 : 50)),
    workers: list(values.workers ?? (quick ? '1' : '1,2')).map(Number),
    deepSkip: count(values['deep-skip'] ?? (quick ? '100' : '100k')),
    deepRows: count(values['deep-rows'] ?? (quick ? '200' : '100100')),
    postgresUrl: values['postgres-url'] ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tenantry_bench',
    resultsDir: values['results-dir'] ?? 'bench/results',
    markdown: values.markdown ?? 'BENCHMARKS.md',
    profile: values.profile,
    only: list(values.only ?? ''),
  };
  for (const engine of options.engines) if (engine !== 'postgres' && engine !== 'pglite') throw new Error(`unknown engine ${engine}`);
  for (const sizes of Object.values(options.tenants)) if (sizes.length === 0 || sizes[0]! < 10) throw new Error('--tenants: at least 10');
  return options;
}
