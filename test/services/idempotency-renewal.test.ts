import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { Caller } from '../../src/domain/caller.js';
import { isAppError } from '../../src/domain/errors.js';
import { IdempotencyKeys } from '../../src/services/idempotency/idempotency-keys.js';
import { testEngines } from '../helpers/engines.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * A first request that runs longer than the abandoned period (two minutes in the product, two seconds here) renews
 * its claim: a retry meanwhile is told it is still being answered, and never runs it a second time. Once the first
 * request ends unanswered (its process died), the renewals stop and the key counts as abandoned again.
 */
const [engine] = testEngines();
describe('an Idempotency-Key held by a request slower than the abandoned period', () => {
  let t: TestApp;
  let caller: Caller;
  before(async () => {
    t = await startTestApp(engine!);
    caller = await t.services.auth.callerFromBearer(await t.http.signIn('admin', HOST_ADMIN_PASSWORD));
  });
  after(() => t.close());

  it('is not taken over while the request runs, and is once it has stopped without an answer', async () => {
    const keys = new IdempotencyKeys(t.data, 2);
    const key = randomUUID();
    const request = { name: 'slow' };
    const first = await keys.start(caller, key, 'test/Slow', request);
    assert.equal(first.kind, 'run');
    let runs = 1;
    const retryWhileRunning = async () => {
      try {
        const retry = await keys.start(caller, key, 'test/Slow', request);
        if (retry.kind === 'run') runs++;
        return retry.kind;
      } catch (error) {
        assert.ok(isAppError(error) && error.code === 'conflict', String(error));
        return 'still being answered';
      }
    };
    const retries = await keys.run(first.kind === 'run' ? first.id : (undefined as never), async () => {
      const seen: string[] = [];
      for (let i = 0; i < 4; i++) {
        await sleep(1_000);
        seen.push(await retryWhileRunning());
      }
      return seen;
    });
    assert.deepEqual(retries, Array(4).fill('still being answered'), 'four seconds in, the two-second claim is still held');
    assert.equal(runs, 1);
    // The request ended without its answer being kept (as when its process dies): no more renewals.
    await sleep(2_500);
    assert.equal(await retryWhileRunning(), 'run', 'abandoned once nothing renews it');
  });
});
