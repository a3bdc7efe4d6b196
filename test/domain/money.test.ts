import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { couponDiscount } from '../../src/domain/catalogue.js';
import { amountProblem, currencyExponent, formatMinorUnits, fromMinorUnits, toMinorUnits } from '../../src/domain/money.js';

describe('money in minor units', () => {
  it('uses each currency’s own minor unit', () => {
    assert.deepEqual(['USD', 'JPY', 'BHD'].map(currencyExponent), [2, 0, 3]);
    assert.equal(toMinorUnits(19.99, 'USD'), 1999);
    assert.equal(toMinorUnits(0.29, 'USD'), 29, 'no floating-point drift (0.29 * 100 = 28.999…)');
    assert.equal(toMinorUnits(2500, 'JPY'), 2500);
    assert.equal(fromMinorUnits(1999, 'USD'), 19.99);
    assert.equal(formatMinorUnits(150, 'USD'), '1.50 USD');
    assert.equal(formatMinorUnits(1500, 'JPY'), '1500 JPY');
  });

  it('refuses negative, oversized and over-precise amounts', () => {
    assert.equal(amountProblem(19.99, 'USD'), undefined);
    assert.equal(amountProblem(0, 'USD'), undefined);
    assert.match(amountProblem(-1, 'USD')!, /zero or more/);
    assert.match(amountProblem(1e12, 'USD')!, /at most/);
    assert.match(amountProblem(1.001, 'USD')!, /2 decimal places/);
    assert.match(amountProblem(10.5, 'JPY')!, /no decimal places/);
    assert.match(amountProblem(Number.NaN, 'USD')!, /zero or more/);
  });
});

describe('coupon discounts', () => {
  it('rounds a percentage half up to the minor unit and never exceeds the subtotal', () => {
    assert.equal(couponDiscount({ percentOffHundredths: 1000 }, 14999), 1500);
    assert.equal(couponDiscount({ percentOffHundredths: 1250 }, 1000), 125);
    assert.equal(couponDiscount({ percentOffHundredths: 10000 }, 2999), 2999);
    assert.equal(couponDiscount({ amountOffMinor: 500, currency: 'USD' }, 2999), 500);
    assert.equal(couponDiscount({ amountOffMinor: 5000, currency: 'USD' }, 2999), 2999);
  });
});
