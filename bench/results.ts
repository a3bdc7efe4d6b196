import type { LoadFigures } from './load.js';
import type { EngineName } from './options.js';

/** One measured figure: a workload (or a ceiling) on one engine, with its ratio to its ceiling when it has one. */
export interface Figure extends LoadFigures {
  id: string;
  label: string;
  engine: EngineName;
  workers: number;
  tenants: number;
  /** The ceiling this figure is a ratio of (`C-db`…), its rate, and the ratio. */
  ceiling?: string;
  ceilingRate?: number;
  ratio?: number;
  /** The target as the issue states it, and whether this run met it (undefined: no target of its own). */
  target?: string;
  met?: boolean;
  /** Peak resident memory of the server during the figure's run (W7), MB. */
  peakRssMb?: number;
  note?: string;
}

export interface SeedFigure {
  engine: EngineName;
  from: number;
  to: number;
  seconds: number;
  tenantsPerSecond: number;
}

export interface CeilingFigures {
  engine: EngineName;
  workers: number;
  http: LoadFigures;
  db: LoadFigures;
}

export interface BenchResults {
  date: string;
  quick: boolean;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    /** 1-minute load average when the run started and ended: the machine is shared. */
    loadAverageStart: number;
    loadAverageEnd: number;
    node: string;
    os: string;
    postgres?: string;
    pglite: string;
  };
  settings: { connections: number; seconds: number; tenants: Partial<Record<'postgres' | 'pglite', number[]>> | number[]; workers: number[]; deepSkip: number; deepRows: number; rateLimits: string };
  hashing: { hashPerSecond: number; verifyPerSecond: number; threads: number; cores: number };
  ceilings: CeilingFigures[];
  seeds: SeedFigure[];
  figures: Figure[];
}
