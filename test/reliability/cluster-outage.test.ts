import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testEngines } from '../helpers/engines.js';
import { CLUSTER_SKIP_REASON, canBuildClusters } from '../helpers/postgres-cluster.js';
import { outageRun, type Fault } from './outage-run.js';

// The short version of `npm run reliability`'s outages: a throw-away PostgreSQL cluster stopped as by a crash,
// and frozen with SIGSTOP, for two seconds each, under two real service processes.
if (testEngines().some((e) => e.name === 'postgres')) {
  const skip = canBuildClusters ? undefined : CLUSTER_SKIP_REASON;
  describe('the service when its own PostgreSQL cluster stops or freezes', { skip }, () => {
    for (const fault of ['stop-immediate', 'freeze'] satisfies Fault[]) {
      it(`${fault}: answers 503 with Retry-After fast, says so on /health/ready, recovers alone and hears revocations at once again`, async (t) => {
        const f = await outageRun(fault, 2);
        t.diagnostic(JSON.stringify(f));
        assert.deepEqual(f.wrongAnswers, []);
        assert.ok(f.unavailableAnswers > 0, 'probed during the outage');
        // The database bounds are 1 s (connect, acquire, statement): a 503 within them, with some slack for a loaded machine.
        assert.ok(f.slowest503Ms < 4_000, `slowest 503: ${f.slowest503Ms} ms`);
        assert.ok(f.readyReported503, '/health/ready answered 503 during the outage');
        assert.ok(f.liveStayed200, '/health/live answered 200 during the outage');
        assert.ok(f.recoverySeconds <= 5 && f.otherRecoverySeconds <= 5, `recovered in ${f.recoverySeconds} s and ${f.otherRecoverySeconds} s`);
        assert.ok(f.firstRevocationMs <= 6_000, `first revocation after recovery: ${f.firstRevocationMs} ms`);
        assert.ok(f.revocationMs <= 1_500, `revocation once the LISTEN connection is back: ${f.revocationMs} ms`);
      });
    }
  });
}
