import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../../src/data/database.js';
import { createData } from '../../../src/data/index.js';
import type { CounterHit } from '../../../src/data/rate-limits.js';
import { migrateToLatest } from '../../../src/data/migrator.js';
import { gatheredCounters } from '../../../src/services/security/gathered-counters.js';
import { RateLimiter } from '../../../src/services/security/rate-limiter.js';
import { openTestDatabase, testEngines } from '../../helpers/engines.js';

const LIMITS = { keyPerMinute: 50, keyPerDay: 10_000, ipPerMinute: 10, ipPerDay: 1_000_000, signInPerMinute: 60, signInIpPerMinute: 600, accountMailPerHour: 5 };

for (const engine of testEngines()) {
  describe(`rate-limit hits gathered into one statement on ${engine.name}`, () => {
    let database: Database;
    before(async () => {
      database = await openTestDatabase(engine, { poolSize: 4 });
      await migrateToLatest(database);
    });
    after(() => database.close());

    /** The real counters, with every statement they are asked for recorded. */
    const recorded = () => {
      const counters = createData(database.db).rateLimits;
      const statements: CounterHit[][] = [];
      return { statements, counters: { hit: (hits: readonly CounterHit[]) => (statements.push([...hits]), counters.hit(hits)) } };
    };

    it('lets exactly the limit through when 30 requests arrive at once, in fewer statements, counting all 30', async () => {
      const { statements, counters } = recorded();
      const limiter = new RateLimiter(gatheredCounters(counters), LIMITS, (error) => assert.fail(String(error)));
      const ip = `198.51.100.${randomBytes(1)[0]}-${randomBytes(4).toString('hex')}`;
      const verdicts = await Promise.all(Array.from({ length: 30 }, () => limiter.check(limiter.requestRules(null, ip))));
      assert.equal(verdicts.filter((v) => v?.allowed).length, 10);
      assert.deepEqual(verdicts.map((v) => v?.remaining), [9, 8, 7, 6, 5, 4, 3, 2, 1, 0, ...Array<number>(20).fill(0)], 'each request is answered its own place');
      assert.ok(statements.length < 30 && statements.length >= 2, `${statements.length} statements`);
      const row = await database.db.selectFrom('rate_limit_counters').select('hits').where('bucket', '=', `ip:${ip}:m`).executeTakeFirstOrThrow();
      assert.equal(row.hits, 30, 'every hit is in the shared count');
    });

    it('counts two limiters (two instances) against one row, and the count stays exact', async () => {
      const a = new RateLimiter(gatheredCounters(recorded().counters), LIMITS, (error) => assert.fail(String(error)));
      const b = new RateLimiter(gatheredCounters(recorded().counters), LIMITS, (error) => assert.fail(String(error)));
      const ip = `203.0.113.${randomBytes(4).toString('hex')}`;
      const verdicts = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? a : b).check((i % 2 ? a : b).requestRules(null, ip))));
      assert.equal(verdicts.filter((v) => v?.allowed).length, 10);
      const row = await database.db.selectFrom('rate_limit_counters').select('hits').where('bucket', '=', `ip:${ip}:m`).executeTakeFirstOrThrow();
      assert.equal(row.hits, 24);
    });

    it('answers every waiting request with the failure when the statement fails, and goes on afterwards', async () => {
      let fail = true;
      const real = recorded().counters;
      const counters = { hit: (hits: readonly CounterHit[]) => (fail ? Promise.reject(new Error('counters away')) : real.hit(hits)) };
      const gathered = gatheredCounters(counters);
      const hit = [{ bucket: `x:${randomBytes(4).toString('hex')}`, windowSeconds: 60 }];
      const failed = await Promise.allSettled([gathered.hit(hit), gathered.hit(hit)]);
      assert.deepEqual(failed.map((r) => r.status), ['rejected', 'rejected']);
      fail = false;
      assert.equal((await gathered.hit(hit))[0]!.hits, 1);
    });
  });
}
