import { sql, type RawBuilder } from 'kysely';
import type { BaseOperator, CheckedComparison, CheckedFilter, CheckedValue } from '../domain/filter/index.js';
import { tenantFields } from '../domain/tenant-fields.js';
import { escapeLike } from './like-patterns.js';

/** The only columns a filter may touch: those of searchable catalogue fields. */
const searchableColumns = new Set(tenantFields.filter((field) => field.searchable && field.column).map((field) => field.column!));

const COMPARATORS: Partial<Record<BaseOperator, RawBuilder<unknown>>> = {
  equals: sql.raw('='),
  less: sql.raw('<'),
  lessOrEqual: sql.raw('<='),
  greater: sql.raw('>'),
  greaterOrEqual: sql.raw('>='),
};

/**
 * Compiles a checked filter into a WHERE condition over the `tenants` table, with the semantics of
 * domain/filter/evaluate.ts. Columns come from the catalogue only; every value is a bound parameter.
 * Text compares as `lower(column)` so the indexes on `lower(column)` serve it: the byte-ordered b-trees (migration
 * 0034) `=` and `starts with`, the trigram indexes (migration 0003) `contains` and `ends with`.
 */
export function filterToSql(filter: CheckedFilter): RawBuilder<boolean> {
  if (filter.kind !== 'comparison') {
    const joiner = filter.kind === 'and' ? sql` and ` : sql` or `;
    return sql<boolean>`(${sql.join(filter.operands.map(filterToSql), joiner)})`;
  }
  if (!searchableColumns.has(filter.column)) throw new Error(`Column ${filter.column} is not searchable.`);
  const alternatives = filter.values.map((value) => holdsFor(filter, value));
  const holds = alternatives.length === 1 ? alternatives[0]! : sql<boolean>`(${sql.join(alternatives, sql` or `)})`;
  // A comparison with an empty field is null in SQL; negated, it must hold (`city != 'x'` includes no city).
  return filter.negated ? sql<boolean>`not coalesce(${holds}, false)` : holds;
}

function holdsFor(comparison: CheckedComparison, value: CheckedValue): RawBuilder<boolean> {
  const column = sql.ref(comparison.column);
  const operator = comparison.operator;
  switch (value.kind) {
    case 'blank':
      return comparison.type === 'text' ? sql<boolean>`(${column} is null or ${column} = '')` : sql<boolean>`(${column} is null)`;
    case 'text':
      return textHolds(sql`lower(${column})`, operator, value.text);
    case 'number': {
      const cast = value.integral ? sql`cast(${value.text} as bigint)` : sql`cast(${value.text} as numeric)`;
      return sql<boolean>`(${column} ${COMPARATORS[operator]!} ${cast})`;
    }
    case 'boolean':
      return sql<boolean>`(${column} = cast(${value.value} as boolean))`;
    case 'date': {
      const from = sql`cast(${timestamp(value.from)} as timestamptz)`;
      const to = sql`cast(${timestamp(value.to)} as timestamptz)`;
      if (operator === 'equals') return sql<boolean>`(${column} >= ${from} and ${column} < ${to})`;
      if (operator === 'less') return sql<boolean>`(${column} < ${from})`;
      if (operator === 'lessOrEqual') return sql<boolean>`(${column} < ${to})`;
      if (operator === 'greater') return sql<boolean>`(${column} >= ${to})`;
      return sql<boolean>`(${column} >= ${from})`;
    }
  }
}

function textHolds(lowered: RawBuilder<unknown>, operator: BaseOperator, text: string): RawBuilder<boolean> {
  const pattern = sql`lower(cast(${escapeLike(text)} as text))`;
  switch (operator) {
    case 'contains':
      return sql<boolean>`(${lowered} like ('%' || ${pattern} || '%'))`;
    case 'startsWith':
      return sql<boolean>`(${lowered} like (${pattern} || '%'))`;
    case 'endsWith':
      return sql<boolean>`(${lowered} like ('%' || ${pattern}))`;
    case 'equals':
      return sql<boolean>`(${lowered} = lower(cast(${text} as text)))`;
    default:
      // Order by code point whatever the database's collation, as the evaluator does.
      return sql<boolean>`(${lowered} collate "C" ${COMPARATORS[operator]!} lower(cast(${text} as text)))`;
  }
}

/** An instant as PostgreSQL reads it, for every year from 1 to 10000 (ISO strings turn odd past 9999). */
function timestamp(date: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const day = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  return `${day} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}+00`;
}
