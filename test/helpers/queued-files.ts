import { readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TimingLine } from './timings-reporter.js';
import type { QueuedFile } from './test-shard.js';

/**
 * What the runner's shards run (test/helpers/test-shard.ts): the compiled test files, a file that loops over both
 * database engines split into one item per engine when it is long, the longest first. A run's length is bounded by
 * its longest item, so the long files (the fuzz test, the permission matrix) must neither run both engines one
 * after the other nor start last. A shard imports a file in a process already warm, so a split costs little.
 */

// A file whose every test sits in one top-level `for (const engine of testEngines())` loop: its engines are independent.
const ENGINE_LOOP = /^for \(const engine of testEngines\(\)\) \{$/m;
const TOP_LEVEL_TEST = /^(describe|suite|it|test)\(/m;

function splitsByEngine(source: string): boolean {
  return ENGINE_LOOP.test(source) && source.split('testEngines(').length === 2 && !TOP_LEVEL_TEST.test(source);
}

/** A file that ran longer than this (both engines together) is split by engine. */
const SPLIT_ABOVE_MS = 10_000;

/**
 * The queued files of `files` (relative paths of test sources, compiled under `outdir`). With two engines, a long
 * file (by `timings`) that loops over them becomes two items, each narrowing `testEngines()` (`TEST_ENGINE`).
 */
export function queuedFiles(root: string, outdir: string, files: readonly string[], bothEngines: boolean, timings: Timings): QueuedFile[] {
  return files.flatMap((file) => {
    const entry = path.join(outdir, file.replace(/\.ts$/, '.js'));
    const ms = timings[file] ?? (timings[`${file} [pglite]`] ?? 0) + (timings[`${file} [postgres]`] ?? 0);
    if (!bothEngines || ms < SPLIT_ABOVE_MS || !splitsByEngine(readFileSync(path.join(root, file), 'utf8'))) return [{ key: file, entry }];
    return (['pglite', 'postgres'] as const).map((engine) => ({ key: `${file} [${engine}]`, entry, engine }));
  });
}

const timingsFile = path.join(os.tmpdir(), 'tenantry-test-timings.json');

/** Milliseconds a queued file (or one engine's half of it) ran, by its key. */
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

/** The files, longest first by `timings`; a file never timed counts as a median one; among equals, the larger source first. */
export function longestFirst(root: string, files: readonly QueuedFile[], timings: Timings): QueuedFile[] {
  const known = files.map((file) => timings[file.key]).filter((ms): ms is number => ms !== undefined).sort((a, b) => a - b);
  const median = known[Math.floor(known.length / 2)] ?? 0;
  const estimate = (file: QueuedFile) => timings[file.key] ?? median;
  const size = (file: QueuedFile) => statSync(path.join(root, file.key.replace(/ \[\w+\]$/, ''))).size;
  return [...files].sort((a, b) => estimate(b) - estimate(a) || size(b) - size(a));
}

/**
 * Keeps this run's time of each queued file (from the timings reporter's `lines`) for the next run's order, and answers
 * the slowest, to print.
 */
export function recordTimings(lines: string): { key: string; ms: number }[] {
  const measured = new Map<string, number>();
  for (const line of lines.split('\n').filter(Boolean)) {
    const { key, ms } = JSON.parse(line) as TimingLine;
    measured.set(key, ms);
  }
  writeFileSync(timingsFile, JSON.stringify({ ...readTimings(timingsFile), ...Object.fromEntries(measured) }, null, 1));
  return [...measured].map(([key, ms]) => ({ key, ms })).sort((a, b) => b.ms - a.ms);
}
