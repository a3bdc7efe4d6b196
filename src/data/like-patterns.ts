/** LIKE's wildcards and its escape character (backslash) as literal characters. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

/** A case-insensitive "contains" pattern for text a person typed: `%` and `_` in it are literal. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text.toLowerCase())}%`;
}
