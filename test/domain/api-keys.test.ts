import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiKeyNameProblem, parseIsoDateTime, readExpirationDate } from '../../src/domain/api-keys.js';

describe('API key rules', () => {
  it('reads ISO 8601 date-times as ASP.NET clients send them; without a zone they are UTC', () => {
    const cases: [string, string][] = [
      ['2030-06-21T08:58:52.393Z', '2030-06-21T08:58:52.393Z'],
      ['2030-06-21T08:58:52.3930000Z', '2030-06-21T08:58:52.393Z'],
      ['2030-06-21T08:58:52.393', '2030-06-21T08:58:52.393Z'],
      ['2030-06-21T08:58:52+02:00', '2030-06-21T06:58:52.000Z'],
      ['2030-06-21T08:58', '2030-06-21T08:58:00.000Z'],
      ['2030-06-21', '2030-06-21T00:00:00.000Z'],
    ];
    for (const [input, expected] of cases) assert.equal(parseIsoDateTime(input)?.toISOString(), expected, input);
    for (const bad of ['string', '2030-02-31', '2030-13-01T00:00:00Z', '2030-06-21T25:00:00Z', '21/06/2030', '']) {
      assert.equal(parseIsoDateTime(bad), undefined, bad);
    }
  });

  it('wants an expiration in the future and no later than 2038-01-19T03:14:07Z', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    assert.ok('date' in readExpirationDate('2030-01-01T00:00:01Z', now));
    assert.ok('date' in readExpirationDate('2038-01-19T03:14:07Z', now));
    assert.match((readExpirationDate('2030-01-01T00:00:00Z', now) as { problem: string }).problem, /future/);
    assert.match((readExpirationDate('2038-01-19T03:14:08Z', now) as { problem: string }).problem, /2038/);
    assert.match((readExpirationDate('soon', now) as { problem: string }).problem, /ISO 8601/);
  });

  it('wants a name of 1 to 128 printable characters', () => {
    assert.equal(apiKeyNameProblem('Zapier'), undefined);
    assert.equal(apiKeyNameProblem('x'.repeat(128)), undefined);
    assert.ok(apiKeyNameProblem(''));
    assert.ok(apiKeyNameProblem('  '));
    assert.ok(apiKeyNameProblem('x'.repeat(129)));
    assert.ok(apiKeyNameProblem('bell\u0007'));
  });
});
