import type { BaseOperator, CheckedComparison, CheckedFilter, CheckedValue } from './ast.js';

/**
 * Whether a record matches a checked filter: the reference semantics, which the SQL compiler
 * (data/filter-sql.ts) reproduces exactly and the property tests compare it with.
 * - A comparison with alternatives (`a|b`) holds when any alternative holds; a negated one (`!=`,
 *   `not contains`) is the negation of the whole, so `!= 'a|b'` means "neither a nor b".
 * - An empty field (null, or '' for text) never satisfies a positive comparison with a value, so it always
 *   satisfies a negated one: `city != 'Paris'` includes tenants without a city. `BLANK` matches exactly the
 *   empty fields.
 * - Text ignores case (the database's lower(); JavaScript's toLowerCase agrees but for a few special letters
 *   such as the Turkish dotted I) and orders by code point; a day (`2024-05-01`) stands for its whole UTC day, a time for
 *   its whole second, so `= 2024-05-01` is "on that day" and `< 2024-05-01` is "before that day".
 * `record` maps storage columns to values as the database answers them (numeric columns may be strings).
 */
export function evaluate(filter: CheckedFilter, record: Readonly<Record<string, unknown>>): boolean {
  switch (filter.kind) {
    case 'and':
      return filter.operands.every((operand) => evaluate(operand, record));
    case 'or':
      return filter.operands.some((operand) => evaluate(operand, record));
    case 'comparison': {
      const holds = filter.values.some((value) => holdsFor(filter, record[filter.column], value));
      return filter.negated ? !holds : holds;
    }
  }
}

function holdsFor(comparison: CheckedComparison, field: unknown, value: CheckedValue): boolean {
  const empty = field === null || field === undefined || (comparison.type === 'text' && field === '');
  if (value.kind === 'blank') return empty;
  if (field === null || field === undefined) return false;
  const { operator } = comparison;
  switch (value.kind) {
    case 'text':
      return compareText(String(field).toLowerCase(), value.text.toLowerCase(), operator);
    case 'number':
      return order(Number(field) - value.value, operator);
    case 'boolean':
      return field === value.value;
    case 'date': {
      const time = (field instanceof Date ? field : new Date(String(field))).getTime();
      if (operator === 'equals') return time >= value.from.getTime() && time < value.to.getTime();
      if (operator === 'less') return time < value.from.getTime();
      if (operator === 'lessOrEqual') return time < value.to.getTime();
      if (operator === 'greater') return time >= value.to.getTime();
      return time >= value.from.getTime();
    }
  }
}

function compareText(field: string, value: string, operator: BaseOperator): boolean {
  if (operator === 'contains') return field.includes(value);
  if (operator === 'startsWith') return field.startsWith(value);
  if (operator === 'endsWith') return field.endsWith(value);
  return order(compareCodePoints(field, value), operator);
}

/** Whether a three-way comparison result (negative, zero, positive) satisfies an ordering operator. */
function order(difference: number, operator: BaseOperator): boolean {
  switch (operator) {
    case 'equals':
      return difference === 0;
    case 'less':
      return difference < 0;
    case 'lessOrEqual':
      return difference <= 0;
    case 'greater':
      return difference > 0;
    case 'greaterOrEqual':
      return difference >= 0;
    default:
      return false;
  }
}

/** Code-point order, the order of the database's "C" collation over UTF-8. */
function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a, (char) => char.codePointAt(0)!);
  const right = Array.from(b, (char) => char.codePointAt(0)!);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) return left[i]! - right[i]!;
  }
  return left.length - right.length;
}
