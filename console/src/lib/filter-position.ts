/**
 * Where a filter broke, from the REST dialect's message ("… at position 12: …", 1-based, one past the end when the
 * filter ended too early); undefined when the message names no position.
 */
export function filterErrorPosition(message: string): number | undefined {
  const match = /\bat position (\d+)\b/.exec(message);
  return match ? Number(match[1]) : undefined;
}

/** The filter split around the broken character, for showing a marker under it. */
export function splitAtPosition(filter: string, position: number): { before: string; at: string; after: string } {
  const index = Math.max(0, Math.min(filter.length, position - 1));
  return { before: filter.slice(0, index), at: filter.slice(index, index + 1) || ' ', after: filter.slice(index + 1) };
}
