import { AppError } from '../domain/errors.js';

export interface SortKey<F extends string> {
  field: F;
  order: 'asc' | 'desc';
}

/**
 * Parses ABP's `sorting` argument (`"userName asc, creationTime DESC"`; field names ignore case, the order
 * defaults to ascending) into keys over the allowed fields; anything else is a 400 naming `sorting`.
 */
export function parseSorting<F extends string>(sorting: string | undefined, allowed: readonly F[], argument = 'sorting'): SortKey<F>[] {
  if (!sorting?.trim()) return [];
  const byLower = new Map(allowed.map((f) => [f.toLowerCase(), f]));
  return sorting.split(',').map((part) => {
    const match = /^\s*([A-Za-z]+)(?:\s+(asc|desc))?\s*$/i.exec(part);
    const field = match ? byLower.get(match[1]!.toLowerCase()) : undefined;
    if (!match || !field) {
      throw AppError.field(argument, `"${part.trim().slice(0, 40)}" is not a sort order; use one of ${allowed.join(', ')}, optionally followed by asc or desc.`);
    }
    return { field, order: match[2]?.toLowerCase() === 'desc' ? 'desc' : 'asc' };
  });
}
