import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../../src/data/database.js';
import { createData } from '../../../src/data/index.js';
import type { CounterHit } from '../../../src/data/rate-limits.js';
import { migrateToLatest } from '../../../src/data/migrator.js';
import { MAX_LEASE } from '../../../src/services/security/counter-leases.js';
import { gatheredCounters } from '../../../src/services/security/gathered-counters.js';
import { RateLimiter } from '../../../src/services/security/rate-limiter.js';
import { openTestDatabase, testEngines } from '../../helpers/engines.js';

const limits = (ipPerMinute: number) => ({ keyPerMinute: 50, keyPerDay: 10_000, ipPerMinute, ipPerDay: 1_000_000_000, signInPerMinute: 60, signInIpPerMinute: 600, accountMailPerHour: 5 });

for (const engine of testEngines()) {
  describe(`rate-limit leases on ${engine.name}`, () => {
    let database: Database;
    before(async () => {
      database = await openTestDatabase(engine, { poolSize: 4 });
      await migrateToLatest(database);
    });
    after(() => database.close());

    /** A limiter on the real counters (as one instance builds it), with the hits of every statement recorded. */
    const instance = (ipPerMinute: number) => {
      const counters = createData(database.db).rateLimits;
      const statements: CounterHit[][] = [];
      const limiter = new RateLimiter(gatheredCounters({ hit: (hits) => (statements.push([...hits]), counters.hit(hits)) }), limits(ipPerMinute), (error) => assert.fail(String(error)));
      return { limiter, statements };
    };
    const shared = async (bucket: string) => (await database.db.selectFrom('rate_limit_counters').select('hits').where('bucket', '=', bucket).executeTakeFirst())?.hits ?? 0;
    const burst = (limiter: RateLimiter, ip: string, n: number) => Promise.all(Array.from({ length: n }, () => limiter.check(limiter.requestRules(null, ip))));

    it('counts a busy client far from its limit in a few statements, each request its own place, the count covering every one', async () => {
      const { limiter, statements } = instance(100_000);
      const ip = `192.0.2.${randomBytes(4).toString('hex')}`;
      const verdicts = [];
      for (let wave = 0; wave < 20; wave++) verdicts.push(...(await burst(limiter, ip, 25)));
      assert.ok(verdicts.every((v) => v?.allowed));
      const places = verdicts.map((v) => 100_000 - v!.remaining);
      assert.equal(new Set(places).size, 500, 'no two requests were given the same place');
      // Gathering alone takes about two statements a wave (40); leases, one a wave or less.
      assert.ok(statements.length < 25, `${statements.length} statements for 500 requests`);
      const count = await shared(`ip:${ip}:m`);
      assert.ok(count >= 500 && count <= 500 + MAX_LEASE, `the shared count ${count} holds every hit and at most one lease unused`);
    });

    it('lets no more than the limit through across two instances, and nearly all of it', async () => {
      const a = instance(1_000);
      const b = instance(1_000);
      const ip = `198.51.100.${randomBytes(4).toString('hex')}`;
      const verdicts = [];
      for (let wave = 0; wave < 30; wave++) verdicts.push(...(await Promise.all([burst(a.limiter, ip, 25), burst(b.limiter, ip, 25)])).flat());
      const allowed = verdicts.filter((v) => v?.allowed).length;
      assert.ok(allowed <= 1_000 && allowed >= 1_000 - 2 * 16, `${allowed} allowed of a limit of 1,000`);
      const places = verdicts.filter((v) => v?.allowed).map((v) => 1_000 - v!.remaining);
      assert.equal(new Set(places).size, places.length, 'each allowed request its own place in the shared count');
    });

    it('counts a limit below 128 hit by hit, however busy', async () => {
      const { limiter } = instance(100);
      const ip = `203.0.113.${randomBytes(4).toString('hex')}`;
      const verdicts = [];
      for (let wave = 0; wave < 6; wave++) verdicts.push(...(await burst(limiter, ip, 25)));
      assert.equal(verdicts.filter((v) => v?.allowed).length, 100);
      assert.equal(await shared(`ip:${ip}:m`), 150, 'every hit counted, no place leased and left unused');
    });
  });
}
