import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { perMinuteAndDay, verdictOf } from '../../src/domain/rate-limits.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const at = (seconds: number) => new Date(NOW + seconds * 1000);

describe('rate-limit verdicts', () => {
  const rules = perMinuteAndDay('key:7', 50, 10_000);

  it('reports the limit with the fewest hits left while every limit holds', () => {
    const verdict = verdictOf(rules, new Map([['key:7:m', { hits: 10, resetAt: at(30) }], ['key:7:d', { hits: 9_995, resetAt: at(3_600) }]]), NOW);
    assert.deepEqual(verdict, { allowed: true, bucket: 'key:7:d', limit: 10_000, remaining: 5, resetSeconds: 3_600, retryAfterSeconds: 0 });
  });

  it('refuses once any limit is exceeded and waits for the exceeded one that frees up last', () => {
    const verdict = verdictOf(rules, new Map([['key:7:m', { hits: 51, resetAt: at(12.2) }], ['key:7:d', { hits: 100, resetAt: at(80_000) }]]), NOW);
    assert.deepEqual(verdict, { allowed: false, bucket: 'key:7:m', limit: 50, remaining: 0, resetSeconds: 13, retryAfterSeconds: 13 });
  });

  it('allows the hit that reaches the limit exactly, and asks for at least one second', () => {
    assert.equal(verdictOf(rules, new Map([['key:7:m', { hits: 50, resetAt: at(5) }]]), NOW)?.allowed, true);
    assert.equal(verdictOf(rules, new Map([['key:7:m', { hits: 51, resetAt: at(0) }]]), NOW)?.retryAfterSeconds, 1);
  });

  it('says nothing when no bucket was counted', () => {
    assert.equal(verdictOf(rules, new Map(), NOW), undefined);
  });
});
