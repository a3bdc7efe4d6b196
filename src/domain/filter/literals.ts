import type { Literal } from './ast.js';

/**
 * Splits a value at its unescaped pipes: `a|b` is "a or b", `\|` a literal pipe. Any other backslash is
 * itself, so `C:\dir` needs no escaping.
 */
export function splitAlternatives(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    if (char === '\\' && value[i + 1] === '|') {
      current += '|';
      i++;
    } else if (char === '|') {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

/** The inverse of `splitAlternatives` for one alternative: its pipes escaped. */
export function escapeAlternative(value: string): string {
  return value.replace(/\|/g, '\\|');
}

const NUMBER = /^-?\d+(\.\d+)?$/;
const BOOLEAN = /^(true|false)$/i;
const DATE_FORMATS = [/^\d{4}-\d{2}-\d{2}$/, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, /^\d{2}\/\d{2}\/\d{4}$/];

/** The alternatives of a single-quoted value; an empty alternative (`''`) is BLANK. */
export function quotedLiterals(text: string): Literal[] {
  return splitAlternatives(text).map((part) => (part === '' ? { kind: 'blank' } : { kind: 'text', text: part }));
}

/**
 * The alternatives of a bare value: each a number, `true`/`false`, a date or `BLANK`. Answers undefined
 * when one is none of those (text must be quoted).
 */
export function bareLiterals(word: string): Literal[] | undefined {
  const literals: Literal[] = [];
  for (const part of splitAlternatives(word)) {
    if (part.toUpperCase() === 'BLANK') literals.push({ kind: 'blank' });
    else if (NUMBER.test(part) || BOOLEAN.test(part) || DATE_FORMATS.some((format) => format.test(part))) literals.push({ kind: 'bare', text: part });
    else return undefined;
  }
  return literals;
}
