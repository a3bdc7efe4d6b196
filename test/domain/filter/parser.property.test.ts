import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { AppError } from '../../../src/domain/errors.js';
import { evaluate, FilterSyntaxError, parseFilter, parseTenantFilter } from '../../../src/domain/filter/index.js';

/** Pieces of the language and of its usual mistakes, so random input reaches deep into the grammar. */
const fragments = fc.constantFrom(
  'name', 'city', 'number', 'free', 'start_date', 'owner_id', 'discount', 'foo',
  '=', '!=', '<', '<=', '>', '>=', '!', '<>', 'equals', 'not', 'equal', 'to', 'less', 'greater', 'than',
  'contains', 'starts', 'ends', 'with', 'AND', 'or', '(', ')', "'", "''", '"', '|', '\\|', '\\',
  'BLANK', '5', '-1.5', 'true', '2024-02-29', '02/30/2024', '2024-01-01T10:00:00Z', "'x'", "'a|b'",
  ' ', '  ', '\t', '\u0000', '\ud800', '\udfff', 'é', '😀',
);

const filterLike = fc.oneof(
  fc.array(fragments, { maxLength: 25 }).map((parts) => parts.join('')),
  fc.array(fragments, { maxLength: 25 }).map((parts) => parts.join(' ')),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 60 }),
);

describe('the filter parser on arbitrary input', () => {
  it('answers a tree or throws a FilterSyntaxError, never anything else', () => {
    fc.assert(
      fc.property(filterLike, (text) => {
        try {
          parseFilter(text);
        } catch (error) {
          assert.ok(error instanceof FilterSyntaxError, `${JSON.stringify(text)} threw ${String(error)}`);
          assert.ok(error.position >= 1 && error.position <= text.length + 1, `position ${error.position} lies within ${JSON.stringify(text)}`);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('checked against the tenant fields, fails only with validation errors on filter, and what it accepts evaluates', () => {
    const row = { name: 'x', city: null, number: 5, free: true, start_date: new Date(), owner_user_id: null, discount: '1.50' };
    fc.assert(
      fc.property(filterLike, (text) => {
        try {
          assert.equal(typeof evaluate(parseTenantFilter(text), row), 'boolean');
        } catch (error) {
          assert.ok(error instanceof AppError && error.code === 'validation', `${JSON.stringify(text)} threw ${String(error)}`);
          assert.deepEqual(error.fields.map((f) => f.field), ['filter']);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
