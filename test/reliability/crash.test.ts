import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { postgresUrlFor, testEngines } from '../helpers/engines.js';
import { crashRun, type CrashTarget } from './crash-run.js';

// The short version of `npm run reliability`'s crash run: one kill per engine in the middle of a stream of
// registrations and key generations.
for (const engine of testEngines()) {
  describe(`the service killed with SIGKILL mid-stream on ${engine.name}`, () => {
    it('keeps every acknowledged write, leaves nothing half-done and queues each welcome e-mail once', async () => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tenantry-crash-'));
      try {
        const target: CrashTarget = engine.name === 'pglite' ? { engine: 'pglite', dataDir } : { engine: 'postgres', databaseUrl: await postgresUrlFor(engine) };
        const figures = await crashRun(target, { kills: 1, streamMs: () => 1_500, concurrency: 4 });
        assert.deepEqual(figures.unexpectedAnswers, []);
        assert.ok(figures.acknowledgedRegistrations + figures.acknowledgedKeys > 0, 'some writes were acknowledged before the kills');
        assert.deepEqual([figures.lost, figures.halfDone, figures.duplicateWelcomes], [0, 0, 0], JSON.stringify(figures));
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  });
}
