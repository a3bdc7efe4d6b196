import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { postgresUrlFor, testEngines } from '../helpers/engines.js';
import type { CrashTarget } from './crash-run.js';
import { unknownOutcomeRun } from './unknown-outcome-run.js';

// The service killed with SIGKILL after its commit and before its answer reached the client; the client retries.
for (const engine of testEngines()) {
  describe(`a retry after an answer lost to a crash on ${engine.name}`, () => {
    it('gets the first request’s result: the same tenant with its links, the same product, nothing twice', async (t) => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tenantry-outcome-'));
      try {
        const target: CrashTarget = engine.name === 'pglite' ? { engine: 'pglite', dataDir } : { engine: 'postgres', databaseUrl: await postgresUrlFor(engine) };
        const figures = await unknownOutcomeRun(target, 1);
        t.diagnostic(JSON.stringify(figures));
        assert.deepEqual(figures.wrong, []);
        assert.equal(figures.lostAnswers, 2, 'both answers were lost to the kill');
        assert.equal(figures.retriesAnsweredOriginal, 2);
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  });
}
