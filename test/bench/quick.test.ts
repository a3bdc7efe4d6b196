import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { projectRoot } from '../helpers/project-root.js';

/**
 * The smoke test of `npm run bench -- --quick` (the only benchmark `npm test` runs): it runs to the end against
 * the built server (dist/main.js) and writes its report. It checks that every workload produced a figure and
 * that the report names them; it asserts no timing (the machines are shared and noisy).
 */
describe('npm run bench -- --quick', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'tenantry-bench-smoke-'));
  after(() => rmSync(out, { recursive: true, force: true }));

  it('runs to the end and writes bench/results/<date>.json and BENCHMARKS.md with its plots', async () => {
    const child = spawn('npm', ['run', 'bench', '--', '--quick', '--results-dir', out, '--markdown', path.join(out, 'BENCHMARKS.md')], {
      cwd: projectRoot,
      env: { ...process.env, CI: 'true' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 0, errors);

    const json = readdirSync(out).filter((name) => name.endsWith('.json'));
    assert.equal(json.length, 1);
    const results = JSON.parse(readFileSync(path.join(out, json[0]!), 'utf8')) as { figures: { id: string; non2xx: number; errors: number }[]; seeds: unknown[]; ceilings: unknown[] };
    assert.deepEqual([...new Set(results.figures.map((f) => f.id))].sort(), ['W1', 'W2', 'W3', 'W4', 'W5', 'W8']);
    assert.equal(results.seeds.length, 1, 'W6: the seed');
    assert.equal(results.ceilings.length, 1);
    assert.deepEqual(results.figures.filter((f) => f.non2xx > 0 || f.errors > 0), [], 'every workload was answered with 2xx');
    const markdown = readFileSync(path.join(out, 'BENCHMARKS.md'), 'utf8');
    for (const id of ['W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W7', 'W8', 'C-http', 'C-db', 'C-hash', 'C-verify']) assert.match(markdown, new RegExp(id));
    assert.deepEqual(readdirSync(path.join(out, 'bench', 'plots')).sort(), ['search-latency-pglite.svg', 'throughput-pglite.svg']);
  });
});
