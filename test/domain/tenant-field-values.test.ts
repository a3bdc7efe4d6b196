import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFlag, parseRestDate, parseTenantFieldValue } from '../../src/domain/tenant-field-values.js';
import { tenantField } from '../../src/domain/tenant-fields.js';

describe('reading REST tenant field values', () => {
  it('reads flags as 1/true/0/false in any case, and nothing else', () => {
    assert.deepEqual(['1', 'true', 'TRUE', ' 0 ', 'false'].map(parseFlag), [true, true, true, false, false]);
    for (const text of ['yes', '2', '', 'on']) assert.equal(parseFlag(text), undefined, text);
  });

  it('reads dates in the three documented forms as UTC and refuses impossible ones', () => {
    assert.equal(parseRestDate('2010-11-12')?.toISOString(), '2010-11-12T00:00:00.000Z');
    assert.equal(parseRestDate('2010-11-12T13:14:15Z')?.toISOString(), '2010-11-12T13:14:15.000Z');
    assert.equal(parseRestDate('11/12/2010')?.toISOString(), '2010-11-12T00:00:00.000Z');
    for (const text of ['2023-02-30', '13/01/2020', '2010-11-12T25:00:00Z', '0001-01-01', '2010-11-12 13:14:15', 'tomorrow']) {
      assert.equal(parseRestDate(text), undefined, text);
    }
  });

  it('reads time zones as codes or IANA names and stores the IANA zone', () => {
    const zone = tenantField('time_zone')!;
    assert.deepEqual(parseTenantFieldValue(zone, '12'), { value: 'America/Los_Angeles' });
    assert.deepEqual(parseTenantFieldValue(zone, 'Europe/Paris'), { value: 'Europe/Paris' });
    assert.ok(parseTenantFieldValue(zone, '500').problem);
    assert.ok(parseTenantFieldValue(zone, 'Mars/Olympus').problem);
  });

  it('bounds numbers to what the database holds and discounts to a percentage', () => {
    const users = tenantField('number_of_users')!;
    assert.deepEqual(parseTenantFieldValue(users, '2147483647'), { value: 2147483647 });
    for (const text of ['2147483648', '-1', '1.5', '1e3']) assert.ok(parseTenantFieldValue(users, text).problem, text);
    const discount = tenantField('discount')!;
    assert.deepEqual(parseTenantFieldValue(discount, '12.5'), { value: '12.5' });
    for (const text of ['100.01', '-5', '1e2', '12.345']) assert.ok(parseTenantFieldValue(discount, text).problem, text);
  });

  it('keeps a password exactly as given and refuses control characters in text', () => {
    assert.deepEqual(parseTenantFieldValue(tenantField('password')!, ' spaced pass '), { value: ' spaced pass ' });
    assert.ok(parseTenantFieldValue(tenantField('company')!, 'a\u0000b').problem);
    assert.ok(parseTenantFieldValue(tenantField('company')!, 'x'.repeat(129)).problem);
  });
});
