import { readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TimingLine } from './timings-reporter.js';

/**
 * What the runner hands `node --test`: the compiled test files, a long file that loops over both database engines
 * split into one process per engine, the longest first. A run's length is bounded by its longest process, so the
 * long files (the fuzz test, the permission matrix) must neither run both engines one after the other nor start
 * last; but each process pays about a second of CPU to load the service, so only the long files are split.
 */
export interface TestUnit {
  /** The test file (relative to the repository), and the engine when the unit is one engine's half of it. */
  key: string;
  /** The file `node --test` runs. */
  entry: string;
}

// A file whose every test sits in one top-level `for (const engine of testEngines())` loop: its engines are independent.
const ENGINE_LOOP = /^for \(const engine of testEngines\(\)\) \{$/m;
const TOP_LEVEL_TEST = /^(describe|suite|it|test)\(/m;

function splitsByEngine(source: string): boolean {
  return ENGINE_LOOP.test(source) && source.split('testEngines(').length === 2 && !TOP_LEVEL_TEST.test(source);
}

/** A file that ran longer than this (both engines together) is split by engine. */
const SPLIT_ABOVE_MS = 90_000;

/**
 * The units of `files` (relative paths of test sources, compiled under `outdir`). With two engines, a long file
 * (by `timings`) that loops over them becomes two units, each a small entry file that narrows `testEngines()`
 * (`TEST_ENGINE`) and imports the compiled test.
 */
export function testUnits(root: string, outdir: string, files: readonly string[], bothEngines: boolean, timings: Timings): TestUnit[] {
  return files.flatMap((file) => {
    const compiled = path.join(outdir, file.replace(/\.ts$/, '.js'));
    const ms = timings[file] ?? (timings[`${file} [pglite]`] ?? 0) + (timings[`${file} [postgres]`] ?? 0);
    if (!bothEngines || ms < SPLIT_ABOVE_MS || !splitsByEngine(readFileSync(path.join(root, file), 'utf8'))) return [{ key: file, entry: compiled }];
    return (['pglite', 'postgres'] as const).map((engine) => {
      const entry = compiled.replace(/\.test\.js$/, `.${engine}.test.js`);
      writeFileSync(entry, `process.env.TEST_ENGINE = '${engine}';\nawait import('./${path.basename(compiled)}');\n`);
      return { key: `${file} [${engine}]`, entry };
    });
  });
}

const timingsFile = path.join(os.tmpdir(), 'tenantry-test-timings.json');

/** Milliseconds a unit ran, by its key. */
export type Timings = Readonly<Record<string, number>>;

function readTimings(file: string): Record<string, number> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

/** The last run's times on this machine, else `test/timings-baseline.json` (a full run's times, copied from it). */
export function knownTimings(root: string): Timings {
  return { ...readTimings(path.join(root, 'test/timings-baseline.json')), ...readTimings(timingsFile) };
}

/** The units, longest first by `timings`; a unit never timed counts as a median one; among equals, the larger source first. */
export function longestFirst(root: string, units: readonly TestUnit[], timings: Timings): TestUnit[] {
  const known = units.map((unit) => timings[unit.key]).filter((ms): ms is number => ms !== undefined).sort((a, b) => a - b);
  const median = known[Math.floor(known.length / 2)] ?? 0;
  const estimate = (unit: TestUnit) => timings[unit.key] ?? median;
  const size = (unit: TestUnit) => statSync(path.join(root, unit.key.replace(/ \[\w+\]$/, ''))).size;
  return [...units].sort((a, b) => estimate(b) - estimate(a) || size(b) - size(a));
}

/**
 * Keeps this run's time of each unit (from the timings reporter's `lines`) for the next run's order, and answers
 * the slowest units, to print.
 */
export function recordTimings(units: readonly TestUnit[], lines: string): { key: string; ms: number }[] {
  const byEntry = new Map(units.map((unit) => [unit.entry, unit.key]));
  const measured = new Map<string, number>();
  for (const line of lines.split('\n').filter(Boolean)) {
    const { file, ms } = JSON.parse(line) as TimingLine;
    const key = byEntry.get(file);
    if (key) measured.set(key, ms);
  }
  writeFileSync(timingsFile, JSON.stringify({ ...readTimings(timingsFile), ...Object.fromEntries(measured) }, null, 1));
  return [...measured].map(([key, ms]) => ({ key, ms })).sort((a, b) => b.ms - a.ms);
}
