/**
 * The AgileApps filter language as a tree. The parser produces a `FilterExpression` (what was written);
 * the checker turns it into a `CheckedFilter` (what it means against a field catalogue), which the SQL
 * compiler and the in-memory evaluator both consume, so the two cannot drift apart on parsing.
 */

/** The operators with a meaning of their own; the negative ones (`!=`, `not contains`) negate these. */
export type BaseOperator = 'equals' | 'less' | 'lessOrEqual' | 'greater' | 'greaterOrEqual' | 'contains' | 'startsWith' | 'endsWith';

export interface Operator {
  base: BaseOperator;
  /** `!=` / `not equal to` (base `equals`) and `not contains` (base `contains`). */
  negated: boolean;
  /** As written, for messages (`not equal to`, `>=`). */
  text: string;
}

/** One alternative of a value (`'a|b'` has two). */
export type Literal =
  /** From a single-quoted value; `''` inside already unescaped, `\|` already a literal pipe. */
  | { kind: 'text'; text: string }
  /** A bare number, boolean (`true`/`false`) or date, as written. */
  | { kind: 'bare'; text: string }
  /** Bare `BLANK`, or an empty quoted value: an empty field of any type. */
  | { kind: 'blank' };

export interface Comparison {
  kind: 'comparison';
  field: string;
  operator: Operator;
  /** Alternatives (`a|b`): any of them for a positive operator, none of them for a negated one. */
  values: Literal[];
  /** 1-based character positions, for messages. */
  fieldPosition: number;
  operatorPosition: number;
  valuePosition: number;
}

export interface Junction {
  kind: 'and' | 'or';
  /** Two or more operands. */
  operands: FilterExpression[];
}

export type FilterExpression = Comparison | Junction;

/** A value converted to the type of the field it is compared with. */
export type CheckedValue =
  | { kind: 'blank' }
  /** Text is compared ignoring case; `text` keeps what was written. */
  | { kind: 'text'; text: string }
  /** `text` is the exact decimal as written, normalised (`-1.50` → `-1.5`); `value` the same as a number. */
  | { kind: 'number'; text: string; value: number; integral: boolean }
  | { kind: 'boolean'; value: boolean }
  /** A date or a time as the range it names: a UTC day, or one second. `from` inclusive, `to` exclusive. */
  | { kind: 'date'; from: Date; to: Date };

export type CheckedFieldType = 'text' | 'number' | 'boolean' | 'date' | 'lookup';

export interface CheckedComparison {
  kind: 'comparison';
  /** The field's REST name (messages) and its storage column (SQL, evaluator). */
  field: string;
  column: string;
  type: CheckedFieldType;
  operator: BaseOperator;
  negated: boolean;
  values: CheckedValue[];
}

export interface CheckedJunction {
  kind: 'and' | 'or';
  operands: CheckedFilter[];
}

export type CheckedFilter = CheckedComparison | CheckedJunction;
