import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../../src/domain/errors.js';
import { parseTenantFilter, type CheckedComparison } from '../../../src/domain/filter/index.js';

function checked(text: string): CheckedComparison {
  const filter = parseTenantFilter(text);
  assert.equal(filter.kind, 'comparison');
  return filter as CheckedComparison;
}

describe('checking a filter against the tenant fields', () => {
  it('maps REST field names (any case) to their columns and types', () => {
    assert.deepEqual(
      [checked("company = 'x'"), checked('ACTIVE = 1'), checked('date_modified > 2024-01-01'), checked('owner_id = 5'), checked('discount < 10.5')].map(
        (c) => [c.field, c.column, c.type],
      ),
      [
        ['company', 'company_name', 'text'],
        ['active', 'is_active', 'boolean'],
        ['date_modified', 'modified_at', 'date'],
        ['owner_id', 'owner_user_id', 'lookup'],
        ['discount', 'discount', 'number'],
      ],
    );
  });

  it('converts values to the type of their field', () => {
    assert.deepEqual(checked("number_of_users = '29|27'").values, [
      { kind: 'number', text: '29', value: 29, integral: true },
      { kind: 'number', text: '27', value: 27, integral: true },
    ]);
    assert.deepEqual(checked('discount = -007.50').values, [{ kind: 'number', text: '-7.5', value: -7.5, integral: false }]);
    assert.deepEqual(checked('discount = -0.0').values, [{ kind: 'number', text: '0', value: 0, integral: true }]);
    assert.deepEqual(
      ['free = 1', 'free = 0', "free = 'TRUE'", 'free = false'].map((text) => checked(text).values),
      [[{ kind: 'boolean', value: true }], [{ kind: 'boolean', value: false }], [{ kind: 'boolean', value: true }], [{ kind: 'boolean', value: false }]],
    );
    assert.deepEqual(checked('zip = 01234').values, [{ kind: 'text', text: '01234' }], 'a bare number compared with text keeps its digits');
    assert.deepEqual(checked('city = BLANK|5').values, [{ kind: 'blank' }, { kind: 'text', text: '5' }]);
  });

  it('reads the three date formats as the day or the second they name, in UTC', () => {
    const range = (text: string) => {
      const value = checked(`start_date = ${text}`).values[0]!;
      assert.equal(value.kind, 'date');
      return value.kind === 'date' ? [value.from.toISOString(), value.to.toISOString()] : [];
    };
    assert.deepEqual(range('2024-02-29'), ['2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
    assert.deepEqual(range("'02/29/2024'"), ['2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
    assert.deepEqual(range('2024-12-31T23:59:59Z'), ['2024-12-31T23:59:59.000Z', '2025-01-01T00:00:00.000Z']);
    assert.deepEqual(range('0001-01-01'), ['0001-01-01T00:00:00.000Z', '0001-01-02T00:00:00.000Z']);
  });

  it('refuses unknown fields, fields that cannot be filtered, inapplicable operators and unconvertible values', () => {
    const table: [string, RegExp][] = [
      ["account = 123", /Unknown field "account" at position 1/],
      ["time_zone = 12", /field "time_zone" at position 1 cannot be used in a filter/],
      ["password = 'x'", /field "password" at position 1 cannot be used/],
      ["object_id = 'x'", /field "object_id" at position 1 cannot be used/],
      ["number_of_users contains 5", /operator "contains" at position 17 does not apply to "number_of_users", a number field/],
      ["start_date starts with '2024'", /operator "starts with" at position 12 does not apply to "start_date", a date field/],
      ["free > 0", /operator ">" at position 6 does not apply to "free", a boolean field/],
      ["owner_id < 5", /operator "<" at position 10 does not apply to "owner_id", a lookup field/],
      ["city contains BLANK", /BLANK or an empty value at position 15 can only be compared with = or !=/],
      ["city starts with ''", /BLANK or an empty value at position 18/],
      ["number_of_users = 'abc'", /value "abc" at position 19 is not a number, as the field "number_of_users" needs/],
      ["number_of_users = '1|x'", /value "x" at position 19 is not a number/],
      ["number = 1234567890123456", /value "1234567890123456" at position 10 has more than 15 digits/],
      ["owner_id = 1.5", /value "1.5" at position 12 is not a record id/],
      ["owner_id = -1", /is not a record id/],
      ["free = 2", /value "2" at position 8 is not a boolean \(1, 0, true or false\)/],
      ["start_date = 2024-02-30", /value "2024-02-30" at position 14 is not a date/],
      ["start_date = '13/01/2024'", /is not a date/],
      ["start_date = '2024-01-01T24:00:00Z'", /is not a date/],
      ["start_date = '2024-01-01 10:00'", /is not a date/],
      ["start_date = 0000-01-01", /is not a date/],
      ["name = 'x' AND nope = 1", /Unknown field "nope" at position 16/],
    ];
    for (const [text, message] of table) {
      assert.throws(
        () => parseTenantFilter(text),
        (error: unknown) => {
          assert.ok(error instanceof AppError, text);
          assert.equal(error.code, 'validation');
          assert.deepEqual(error.fields.map((f) => f.field), ['filter']);
          assert.match(error.message, message);
          return true;
        },
      );
    }
  });

  it('accepts numbers of at most 15 digits, leading and trailing zeros aside', () => {
    assert.equal(checked('discount = 000123456789012345').values[0]!.kind, 'number');
    assert.equal(checked('discount = 0.000000000000001').values[0]!.kind, 'number');
    assert.throws(() => checked('discount = 0.0000000000000001'), /more than 15 digits/);
  });
});
