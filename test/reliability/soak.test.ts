import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { postgresUrlFor, testEngines } from '../helpers/engines.js';
import type { CrashTarget } from './crash-run.js';
import { soakRun } from './soak-run.js';

// The short version of `npm run reliability`'s soak: 12 s of mixed load per engine against the real service.
for (const engine of testEngines()) {
  describe(`a short soak of mixed load on ${engine.name}`, () => {
    it('answers every request as expected and keeps its live heap within bounds', async (t) => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tenantry-soak-'));
      try {
        const target: CrashTarget = engine.name === 'pglite' ? { engine: 'pglite', dataDir } : { engine: 'postgres', databaseUrl: await postgresUrlFor(engine) };
        const figures = await soakRun(target, { seconds: 12, concurrency: 4, intervalSeconds: 4, memoryEverySeconds: 4 });
        t.diagnostic(JSON.stringify({ ...figures, intervals: undefined }));
        assert.deepEqual(figures.unexpected, []);
        for (const [operation, count] of Object.entries(figures.byOperation)) assert.ok(count > 0, `${operation} ran (${JSON.stringify(figures.byOperation)})`);
        assert.ok(figures.memory.length >= 3, 'memory sampled at the start, during and after the load');
        const [first, last] = [figures.memory[0]!, figures.memory.at(-1)!];
        // Live heap after forced collections: a leak of a few kB per request would show here in tens of MiB.
        assert.ok(last.heapMiB - first.heapMiB < 15, `live heap ${first.heapMiB.toFixed(1)} → ${last.heapMiB.toFixed(1)} MiB`);
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  });
}
