import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FILTER_LIMITS, FilterSyntaxError, parseFilter, type Comparison, type FilterExpression } from '../../../src/domain/filter/index.js';

function comparison(text: string): Comparison {
  const expression = parseFilter(text);
  assert.equal(expression.kind, 'comparison', `${text} parses to one comparison`);
  return expression as Comparison;
}

/** The tree in a compact notation: `(a = x AND b = y)`, operators by base and negation. */
function shape(expression: FilterExpression): string {
  if (expression.kind === 'comparison') {
    const values = expression.values.map((v) => (v.kind === 'blank' ? 'BLANK' : `${v.kind}:${v.text}`)).join('|');
    return `${expression.field} ${expression.operator.negated ? 'not ' : ''}${expression.operator.base} ${values}`;
  }
  return `(${expression.operands.map(shape).join(` ${expression.kind.toUpperCase()} `)})`;
}

describe('the filter parser', () => {
  it('reads every word operator, in any case', () => {
    const table: [string, string, boolean][] = [
      ['equals', 'equals', false],
      ['not equal to', 'equals', true],
      ['less than', 'less', false],
      ['less than equals', 'lessOrEqual', false],
      ['greater than', 'greater', false],
      ['greater than equals', 'greaterOrEqual', false],
      ['contains', 'contains', false],
      ['not contains', 'contains', true],
      ['starts with', 'startsWith', false],
      ['ends with', 'endsWith', false],
      ['EQUALS', 'equals', false],
      ['Not Equal To', 'equals', true],
      ['LESS THAN EQUALS', 'lessOrEqual', false],
      ['Starts With', 'startsWith', false],
    ];
    for (const [written, base, negated] of table) {
      const parsed = comparison(`name ${written} 'x'`);
      assert.equal(parsed.operator.base, base, written);
      assert.equal(parsed.operator.negated, negated, written);
      assert.equal(parsed.operator.text, written);
    }
  });

  it('reads every symbolic operator, with or without spaces around it', () => {
    const table: [string, string, boolean][] = [
      ['=', 'equals', false],
      ['!=', 'equals', true],
      ['<', 'less', false],
      ['<=', 'lessOrEqual', false],
      ['>', 'greater', false],
      ['>=', 'greaterOrEqual', false],
    ];
    for (const [symbol, base, negated] of table) {
      for (const text of [`number ${symbol} 5`, `number${symbol}5`, `  number  ${symbol}  5  `]) {
        const parsed = comparison(text);
        assert.deepEqual([parsed.field, parsed.operator.base, parsed.operator.negated, parsed.values], ['number', base, negated, [{ kind: 'bare', text: '5' }]], text);
      }
    }
  });

  it('reads quoted text, a doubled quote as one quote, and keeps spaces and backslashes inside', () => {
    assert.deepEqual(comparison("name = 'O''Brien & Sons'").values, [{ kind: 'text', text: "O'Brien & Sons" }]);
    assert.deepEqual(comparison("name = '  two  spaces '").values, [{ kind: 'text', text: '  two  spaces ' }]);
    assert.deepEqual(comparison("name = 'C:\\dir'").values, [{ kind: 'text', text: 'C:\\dir' }]);
    assert.deepEqual(comparison("name = ''''").values, [{ kind: 'text', text: "'" }]);
    assert.equal(shape(parseFilter("name='a'AND city='b'")), '(name equals text:a AND city equals text:b)');
  });

  it('reads an empty quoted value and bare BLANK (any case) as BLANK', () => {
    assert.deepEqual(comparison("city = ''").values, [{ kind: 'blank' }]);
    assert.deepEqual(comparison('city = BLANK').values, [{ kind: 'blank' }]);
    assert.deepEqual(comparison('city != blank').values, [{ kind: 'blank' }]);
    assert.deepEqual(comparison("city = 'BLANK'").values, [{ kind: 'text', text: 'BLANK' }], 'quoted, it is just text');
  });

  it('splits values at pipes into alternatives, and reads \\| as a literal pipe', () => {
    assert.deepEqual(comparison("category = '29|27'").values, [
      { kind: 'text', text: '29' },
      { kind: 'text', text: '27' },
    ]);
    assert.deepEqual(comparison('number = 29|27').values, [
      { kind: 'bare', text: '29' },
      { kind: 'bare', text: '27' },
    ]);
    assert.deepEqual(comparison("name = 'a\\|b'").values, [{ kind: 'text', text: 'a|b' }]);
    assert.deepEqual(comparison("name = 'a\\|b|c'").values, [
      { kind: 'text', text: 'a|b' },
      { kind: 'text', text: 'c' },
    ]);
    assert.deepEqual(comparison("name = 'a|'").values, [{ kind: 'text', text: 'a' }, { kind: 'blank' }]);
    assert.deepEqual(comparison('number = 5|BLANK').values, [{ kind: 'bare', text: '5' }, { kind: 'blank' }]);
  });

  it('reads bare numbers, booleans and dates in all three formats', () => {
    for (const value of ['0', '42', '-7', '3.25', '-0.5', '1', 'true', 'FALSE', '2024-02-29', '2024-02-29T13:14:15Z', '02/29/2024']) {
      assert.deepEqual(comparison(`start_date = ${value}`).values, [{ kind: 'bare', text: value }], value);
    }
    assert.deepEqual(comparison("start_date >= '2024-02-29T13:14:15Z'").values, [{ kind: 'text', text: '2024-02-29T13:14:15Z' }]);
  });

  it('binds AND tighter than OR, and lets parentheses regroup', () => {
    const table: [string, string][] = [
      ["a = 1 AND b = 2 OR c = 3", '((a equals bare:1 AND b equals bare:2) OR c equals bare:3)'],
      ["a = 1 OR b = 2 AND c = 3", '(a equals bare:1 OR (b equals bare:2 AND c equals bare:3))'],
      ["(a = 1 OR b = 2) AND c = 3", '((a equals bare:1 OR b equals bare:2) AND c equals bare:3)'],
      ["a = 1 and b = 2 and c = 3", '(a equals bare:1 AND b equals bare:2 AND c equals bare:3)'],
      ["a = 1 Or b = 2 oR c = 3", '(a equals bare:1 OR b equals bare:2 OR c equals bare:3)'],
      ["((a = 1))", 'a equals bare:1'],
      ["( a='x' )AND( b='y' )", '(a equals text:x AND b equals text:y)'],
      ["a = 'x' AND (b = 'y' OR (c = 'z' AND d != BLANK))", '(a equals text:x AND (b equals text:y OR (c equals text:z AND d not equals BLANK)))'],
    ];
    for (const [text, expected] of table) assert.equal(shape(parseFilter(text)), expected, text);
  });

  it('accepts any white space between tokens and none where a delimiter separates them', () => {
    assert.equal(shape(parseFilter("\tname\ncontains\r\n'x'\u00a0AND\u2003city='y'")), '(name contains text:x AND city equals text:y)');
    assert.equal(shape(parseFilter("(name='x')OR(city<'y')")), '(name equals text:x OR city less text:y)');
  });

  it('records where each part of a comparison starts (1-based)', () => {
    const parsed = comparison("  city  not equal to 'x'");
    assert.deepEqual([parsed.fieldPosition, parsed.operatorPosition, parsed.valuePosition], [3, 9, 22]);
  });

  it('rejects malformed filters with a message that says where they broke', () => {
    const table: [string, number, RegExp][] = [
      ['', 1, /Unexpected end of filter at position 1: expected a field name/],
      ['   ', 4, /end of filter at position 4/],
      ["name = AND city = 'x'", 8, /Unexpected "AND" at position 8: expected a value/],
      ["name = 'x' AND", 15, /Unexpected end of filter at position 15: expected a field name/],
      ["name = 'x' AND OR city = 'y'", 16, /Unexpected "OR" at position 16: expected a field name/],
      ['name = "x"', 8, /position 8: .*single quotes/],
      ["name = 'x", 8, /Unterminated text at position 8/],
      ["name = 'it''s", 8, /Unterminated text at position 8/],
      ['name = smith', 8, /Unexpected "smith" at position 8: expected a value; text goes in single quotes/],
      ["name 'x'", 6, /Unexpected "'x'" at position 6: expected an operator/],
      ["name like 'x'", 6, /Unexpected "like" at position 6: expected an operator/],
      ["name not 'x'", 10, /position 10: expected "equal" or "contains"/],
      ["name not equal 'x'", 16, /position 16: expected "to"/],
      ["name starts 'x'", 13, /position 13: expected "with"/],
      ["name ! 'x'", 6, /Unexpected "!" at position 6/],
      ["name = 'x' city = 'y'", 12, /Unexpected "city" at position 12: expected AND, OR or the end of the filter/],
      ["(name = 'x'", 12, /end of filter at position 12: expected AND, OR or "\)"/],
      ["name = 'x')", 11, /Unexpected "\)" at position 11/],
      ["() AND name = 'x'", 2, /Unexpected "\)" at position 2: expected a field name/],
      ["= 'x'", 1, /Unexpected "=" at position 1: expected a field name/],
      ["1name = 'x'", 1, /position 1: expected a field name/],
      ['name = 5|', 8, /Unexpected "5\|" at position 8/],
      ['name = 5 =', 10, /Unexpected "=" at position 10/],
      ["name = 'a\u0000b'", 10, /position 10: it is not valid text/],
      ["name = '\ud800'", 9, /position 9: it is not valid text/],
      ['name = \udc00', 8, /position 8: it is not valid text/],
    ];
    for (const [text, position, message] of table) {
      assert.throws(
        () => parseFilter(text),
        (error: unknown) => {
          assert.ok(error instanceof FilterSyntaxError, `${JSON.stringify(text)} throws a FilterSyntaxError`);
          assert.equal(error.code, 'validation');
          assert.deepEqual(error.fields.map((f) => f.field), ['filter']);
          assert.equal(error.position, position, JSON.stringify(text));
          assert.match(error.message, message);
          assert.match(error.message, new RegExp(`position ${position}\\b`));
          return true;
        },
      );
    }
  });

  it('quotes long offending text only in part', () => {
    const long = 'x'.repeat(500);
    assert.throws(() => parseFilter(`name = ${long}`), (error: Error) => error.message.length < 120 && error.message.includes('…'));
  });

  it('refuses filters beyond its limits on length, nesting and size', () => {
    const long = `name = '${'a'.repeat(FILTER_LIMITS.maxLength)}'`;
    assert.throws(() => parseFilter(long), { name: 'FilterSyntaxError', message: /too long at position 4001/ });

    const nested = (depth: number) => `${'('.repeat(depth)}name = 'x'${')'.repeat(depth)}`;
    assert.equal(shape(parseFilter(nested(FILTER_LIMITS.maxDepth))), 'name equals text:x');
    assert.throws(() => parseFilter(nested(FILTER_LIMITS.maxDepth + 1)), { name: 'FilterSyntaxError', message: /nest deeper/ });

    const terms = (n: number) => Array.from({ length: n }, () => 'a=1').join(' OR ');
    assert.equal((parseFilter(terms(FILTER_LIMITS.maxComparisons)) as { operands: unknown[] }).operands.length, FILTER_LIMITS.maxComparisons);
    assert.throws(() => parseFilter(terms(FILTER_LIMITS.maxComparisons + 1)), { name: 'FilterSyntaxError', message: /at most 100 comparisons/ });

    const alternatives = (n: number) => `number = ${Array.from({ length: n }, (_, i) => i).join('|')}`;
    assert.equal(comparison(alternatives(FILTER_LIMITS.maxAlternatives)).values.length, FILTER_LIMITS.maxAlternatives);
    assert.throws(() => parseFilter(alternatives(FILTER_LIMITS.maxAlternatives + 1)), { name: 'FilterSyntaxError', message: /at most 200 values/ });
  });
});
