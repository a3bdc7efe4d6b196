import { AppError } from '../errors.js';
import type { FilterField } from './check.js';

export interface SortKey {
  field: string;
  order: string;
}

/** A sort key resolved against the field catalogue. */
export interface CheckedSortKey {
  field: string;
  column: string;
  /** Text sorts ignoring case. */
  text: boolean;
  order: 'asc' | 'desc';
}

/** At most this many keys; the REST dialect sends two (`sortBy`, `sortBy2`). */
export const MAX_SORT_KEYS = 5;

/**
 * Resolves sort keys to columns. Errors name the parameter the way the REST dialect does: `sortBy` and
 * `sortOrder` for the first key, `sortBy2`/`sortOrder2` for the second. The spec's own sample quotes the
 * field (`sortby='id'`), so one pair of single quotes around a name is dropped.
 */
export function checkSort(keys: readonly SortKey[], lookup: (name: string) => FilterField | undefined): CheckedSortKey[] {
  if (keys.length > MAX_SORT_KEYS) throw AppError.field('sortBy', `At most ${MAX_SORT_KEYS} sort keys are allowed.`);
  return keys.map((key, index) => {
    const suffix = index === 0 ? '' : String(index + 1);
    const name = key.field.trim().replace(/^'(.*)'$/s, '$1');
    const field = lookup(name);
    if (!field?.searchable || !field.column) {
      const shown = JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
      throw AppError.field(`sortBy${suffix}`, field ? `The field ${shown} cannot be sorted on.` : `Unknown field ${shown} in sortBy${suffix}.`);
    }
    const order = key.order.trim().toLowerCase();
    if (order !== 'asc' && order !== 'desc') throw AppError.field(`sortOrder${suffix}`, `The sort order must be asc or desc.`);
    return { field: field.name, column: field.column, text: field.type === 'text', order };
  });
}
