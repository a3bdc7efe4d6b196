/**
 * The AgileApps filter language (`GET /networking/rest/tenant?filter=...`): parse (parser.ts), check against
 * a field catalogue (check.ts), then evaluate in memory (evaluate.ts) or compile to SQL (data/filter-sql.ts).
 *
 * Decisions where the originals are silent:
 * - Text is single-quoted; a bare value must be a number, `true`/`false`, a date or `BLANK`. Double quotes
 *   are an error, not a delimiter. `''` (and an empty alternative, `'a|'`) means BLANK.
 * - `contains`, `not contains`, `starts with`, `ends with` apply to text only; `<`... to text, numbers and
 *   dates; booleans and lookups take `=` and `!=` only; BLANK takes `=` and `!=` only.
 * - Number fields accept quoted numbers (`category='29|27'`); at most 15 digits.
 * - Null handling, day ranges and alternatives: see evaluate.ts.
 * - Limits (length, nesting, comparisons, values): FILTER_LIMITS.
 */
import { tenantField } from '../tenant-fields.js';
import type { CheckedFilter } from './ast.js';
import { checkFilter } from './check.js';
import { parseFilter } from './parser.js';

export type * from './ast.js';
export { checkFilter, type FilterField } from './check.js';
export { evaluate } from './evaluate.js';
export { FilterSyntaxError } from './filter-syntax-error.js';
export { escapeAlternative } from './literals.js';
export { FILTER_LIMITS, parseFilter } from './parser.js';
export { checkSort, type CheckedSortKey, type SortKey } from './sort.js';

/** Parses a tenant filter and checks it against the tenant field catalogue. */
export function parseTenantFilter(text: string): CheckedFilter {
  return checkFilter(parseFilter(text), tenantField);
}
