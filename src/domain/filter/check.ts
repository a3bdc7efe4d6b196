import { AppError } from '../errors.js';
import type { TenantField } from '../tenant-fields.js';
import type { BaseOperator, CheckedComparison, CheckedFieldType, CheckedFilter, CheckedValue, Comparison, FilterExpression, Literal } from './ast.js';
import { excerpt } from './filter-syntax-error.js';
import { MAX_NUMBER_DIGITS, parseBoolean, parseDateRange, parseNumber } from './values.js';

/** A field as the checker needs it: the catalogue's entries fit. */
export type FilterField = Pick<TenantField, 'name' | 'type' | 'column' | 'searchable'>;

const TYPES: Record<FilterField['type'], CheckedFieldType> = {
  text: 'text',
  integer: 'number',
  decimal: 'number',
  date: 'date',
  boolean: 'boolean',
  lookup: 'lookup',
};

/**
 * Which operators each type takes (a decision; the originals are silent): pattern operators only on text,
 * order only on text, numbers and dates, and plain (in)equality on booleans and lookups.
 */
const OPERATORS: Record<CheckedFieldType, ReadonlySet<BaseOperator>> = {
  text: new Set(['equals', 'less', 'lessOrEqual', 'greater', 'greaterOrEqual', 'contains', 'startsWith', 'endsWith']),
  number: new Set(['equals', 'less', 'lessOrEqual', 'greater', 'greaterOrEqual']),
  date: new Set(['equals', 'less', 'lessOrEqual', 'greater', 'greaterOrEqual']),
  boolean: new Set(['equals']),
  lookup: new Set(['equals']),
};

const TYPE_NAMES: Record<CheckedFieldType, string> = { text: 'a text', number: 'a number', date: 'a date', boolean: 'a boolean', lookup: 'a lookup' };

/**
 * Checks a parsed filter against a field catalogue: every field known and searchable, every operator
 * applicable to its field's type, every value convertible to it. Throws a validation error on `filter`
 * that names the field, the value and the position.
 */
export function checkFilter(expression: FilterExpression, lookup: (name: string) => FilterField | undefined): CheckedFilter {
  if (expression.kind !== 'comparison') {
    return { kind: expression.kind, operands: expression.operands.map((operand) => checkFilter(operand, lookup)) };
  }
  return checkComparison(expression, lookup);
}

function checkComparison(comparison: Comparison, lookup: (name: string) => FilterField | undefined): CheckedComparison {
  const field = lookup(comparison.field);
  if (!field) invalid(`Unknown field ${excerpt(comparison.field)} at position ${comparison.fieldPosition}`);
  if (!field.searchable || !field.column) invalid(`The field "${field.name}" at position ${comparison.fieldPosition} cannot be used in a filter`);
  const type = TYPES[field.type];
  const { operator } = comparison;
  if (!OPERATORS[type].has(operator.base)) {
    invalid(`The operator "${operator.text}" at position ${comparison.operatorPosition} does not apply to "${field.name}", ${TYPE_NAMES[type]} field`);
  }
  const values = comparison.values.map((literal) => {
    if (literal.kind === 'blank' && operator.base !== 'equals') {
      invalid(`BLANK or an empty value at position ${comparison.valuePosition} can only be compared with = or !=`);
    }
    return convert(literal, type, field.name, comparison.valuePosition);
  });
  return { kind: 'comparison', field: field.name, column: field.column, type, operator: operator.base, negated: operator.negated, values };
}

function convert(literal: Literal, type: CheckedFieldType, field: string, position: number): CheckedValue {
  if (literal.kind === 'blank') return literal;
  const { text } = literal;
  const problem = (expectation: string) => invalid(`The value ${excerpt(text)} at position ${position} is not ${expectation}, as the field "${field}" needs`);
  switch (type) {
    case 'text':
      return { kind: 'text', text };
    case 'number':
    case 'lookup': {
      const number = parseNumber(text);
      if (number === 'too_long') invalid(`The value ${excerpt(text)} at position ${position} has more than ${MAX_NUMBER_DIGITS} digits`);
      if (!number) return problem('a number');
      if (type === 'lookup' && (!number.integral || number.value < 0)) return problem('a record id');
      return number;
    }
    case 'boolean': {
      const value = parseBoolean(text);
      return value === undefined ? problem('a boolean (1, 0, true or false)') : { kind: 'boolean', value };
    }
    case 'date':
      return parseDateRange(text) ?? problem('a date (yyyy-MM-dd, yyyy-MM-ddTHH:mm:ssZ or MM/dd/yyyy)');
  }
}

function invalid(message: string): never {
  throw AppError.field('filter', message);
}
