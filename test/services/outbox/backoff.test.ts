import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { retryDelayMs } from '../../../src/services/outbox/backoff.js';

const options = { baseMs: 30_000, maxMs: 3_600_000 };

describe('outbox retry back-off', () => {
  it('doubles with every failure, from half to all of the current step', () => {
    assert.equal(retryDelayMs(1, options, () => 0), 15_000);
    assert.equal(retryDelayMs(1, options, () => 1), 30_000);
    assert.equal(retryDelayMs(2, options, () => 1), 60_000);
    assert.equal(retryDelayMs(5, options, () => 1), 480_000);
  });

  it('never waits longer than the cap, however many failures', () => {
    assert.equal(retryDelayMs(8, options, () => 1), 3_600_000);
    assert.equal(retryDelayMs(1000, options, () => 1), 3_600_000);
    assert.equal(retryDelayMs(1000, options, () => 0), 1_800_000);
  });

  it('stays within half and all of the capped step for any failure count and jitter', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (failures, random) => {
        const step = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(failures - 1, 40));
        const delay = retryDelayMs(failures, options, () => random);
        return delay >= step / 2 && delay <= step;
      }),
    );
  });
});
