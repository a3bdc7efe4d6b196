import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate, parseTenantFilter } from '../../../src/domain/filter/index.js';

/** Tenants as the database answers them (storage columns; numeric as strings). */
const rows = {
  paris: { id: 1, name: 'Greene Services', city: 'Paris', state: null, zip: '75001', number_of_users: 5, discount: '12.50', free: true, owner_user_id: 7, start_date: new Date('2024-05-01T10:00:00.250Z') },
  lyon: { id: 2, name: 'ACME|Pipes', city: 'Lyon', state: '', zip: null, number_of_users: null, discount: null, free: false, owner_user_id: null, start_date: new Date('2024-04-30T23:59:59.999Z') },
  none: { id: 3, name: "O'Brien 100%_off", city: null, state: 'CA', zip: '', number_of_users: 12, discount: '0.00', free: null, owner_user_id: 8, start_date: new Date('2024-05-02T00:00:00Z') },
};

function matches(filter: string): string[] {
  const checked = parseTenantFilter(filter);
  return Object.entries(rows)
    .filter(([, row]) => evaluate(checked, row))
    .map(([name]) => name);
}

describe('evaluating a filter on a record', () => {
  it('compares text ignoring case', () => {
    assert.deepEqual(matches("city = 'PARIS'"), ['paris']);
    assert.deepEqual(matches("name contains 'services'"), ['paris']);
    assert.deepEqual(matches("name starts with 'acme'"), ['lyon']);
    assert.deepEqual(matches("name ends with '%_OFF'"), ['none']);
    assert.deepEqual(matches("city < 'm'"), ['lyon']);
    assert.deepEqual(matches("city >= 'lyon'"), ['paris', 'lyon']);
  });

  it('treats quotes, pipes, percent signs and underscores in values as plain characters', () => {
    assert.deepEqual(matches("name contains 'o''brien'"), ['none']);
    assert.deepEqual(matches("name contains 'e|\\|'"), ['paris', 'lyon', 'none']);
    assert.deepEqual(matches("name contains '\\|'"), ['lyon']);
    assert.deepEqual(matches("name contains '0%_'"), ['none']);
    assert.deepEqual(matches("name contains '_'"), ['none']);
  });

  it('includes empty fields in negated comparisons, as a user expects', () => {
    assert.deepEqual(matches("city != 'paris'"), ['lyon', 'none']);
    assert.deepEqual(matches("city not contains 'a'"), ['lyon', 'none']);
    assert.deepEqual(matches('number_of_users != 5'), ['lyon', 'none']);
    assert.deepEqual(matches('free != 1'), ['lyon', 'none']);
    assert.deepEqual(matches('owner_id not equal to 7'), ['lyon', 'none']);
  });

  it('never matches an empty field with a positive comparison against a value', () => {
    assert.deepEqual(matches('number_of_users < 100'), ['paris', 'none']);
    assert.deepEqual(matches("state < 'zz'"), ['lyon', 'none'], 'an empty text is still text, a null is not');
    assert.deepEqual(matches('free = 0'), ['lyon']);
  });

  it('matches BLANK (and an empty quoted value) with null and empty text alike', () => {
    assert.deepEqual(matches('state = BLANK'), ['paris', 'lyon']);
    assert.deepEqual(matches("zip = ''"), ['lyon', 'none']);
    assert.deepEqual(matches('zip != BLANK'), ['paris']);
    assert.deepEqual(matches('discount = BLANK'), ['lyon']);
    assert.deepEqual(matches('free = BLANK'), ['none']);
  });

  it('reads alternatives as any-of, and negated alternatives as none-of', () => {
    assert.deepEqual(matches("city = 'paris|lyon'"), ['paris', 'lyon']);
    assert.deepEqual(matches("city != 'paris|lyon'"), ['none']);
    assert.deepEqual(matches('number_of_users = 5|12'), ['paris', 'none']);
    assert.deepEqual(matches('number_of_users = 5|BLANK'), ['paris', 'lyon']);
    assert.deepEqual(matches("city not contains 'ar|yo'"), ['none']);
  });

  it('compares numbers by value, decimals included', () => {
    assert.deepEqual(matches('discount = 12.5'), ['paris']);
    assert.deepEqual(matches('discount > 0'), ['paris']);
    assert.deepEqual(matches('discount <= 0'), ['none']);
    assert.deepEqual(matches('number_of_users >= 5.5'), ['none']);
  });

  it('compares a day with a timestamp by the UTC day, and a time by its second', () => {
    assert.deepEqual(matches('start_date = 2024-05-01'), ['paris']);
    assert.deepEqual(matches("start_date = '05/01/2024'"), ['paris']);
    assert.deepEqual(matches('start_date != 2024-05-01'), ['lyon', 'none']);
    assert.deepEqual(matches('start_date < 2024-05-01'), ['lyon']);
    assert.deepEqual(matches('start_date <= 2024-05-01'), ['paris', 'lyon']);
    assert.deepEqual(matches('start_date > 2024-05-01'), ['none']);
    assert.deepEqual(matches('start_date >= 2024-05-01'), ['paris', 'none']);
    assert.deepEqual(matches('start_date = 2024-05-01T10:00:00Z'), ['paris'], 'the shown second matches the stored instant');
    assert.deepEqual(matches('start_date > 2024-05-01T10:00:00Z'), ['none']);
    assert.deepEqual(matches('start_date < 2024-05-01T10:00:00Z'), ['lyon']);
  });

  it('combines comparisons with AND before OR', () => {
    assert.deepEqual(matches("city = 'lyon' OR city = 'paris' AND free = 0"), ['lyon']);
    assert.deepEqual(matches("(city = 'lyon' OR city = 'paris') AND free = 1"), ['paris']);
  });
});
