import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filterErrorPosition, splitAtPosition } from './filter-position.js';

test('the position is read from the REST dialect’s message', () => {
  assert.equal(filterErrorPosition("filter: Unexpected end of filter at position 22: expected a field name"), 22);
  assert.equal(filterErrorPosition('fieldList: "email" is not a field'), undefined);
});

test('the marker sits on the broken character, or just past the end when the filter ended too early', () => {
  assert.deepEqual(splitAtPosition("name = 'a' OR", 8), { before: 'name = ', at: "'", after: "a' OR" });
  assert.deepEqual(splitAtPosition('name =', 7), { before: 'name =', at: ' ', after: '' });
  assert.deepEqual(splitAtPosition('x', 99), { before: 'x', at: ' ', after: '' });
});
