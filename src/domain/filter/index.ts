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
