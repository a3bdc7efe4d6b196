import { excerpt } from './filter-syntax-error.js';

/**
 * Tokens of the filter language. Field names, keywords, word operators and bare values are all `word`s:
 * which one a word is depends on where it stands, so the parser decides. Positions are 1-based.
 */
export type Token =
  | { kind: 'open' | 'close' | 'end'; position: number; text: string }
  | { kind: 'symbol'; position: number; text: '=' | '!=' | '<' | '<=' | '>' | '>=' }
  | { kind: 'word'; position: number; text: string }
  /** A single-quoted value; `text` is its content with `''` already turned into `'`. */
  | { kind: 'quoted'; position: number; text: string; raw: string }
  /** Something that is not a token at all; the parser reports `message` when it gets there. */
  | { kind: 'invalid'; position: number; text: string; message: string };

/** Characters that end a word (besides white space). */
const DELIMITERS = new Set(['(', ')', "'", '"', '=', '!', '<', '>']);

function isSpace(char: string): boolean {
  return /\s/u.test(char);
}

/**
 * A character the database cannot store or JavaScript cannot encode (NUL, a lone surrogate half).
 * Answers its length in code units (1 or 2) when it is acceptable, 0 when it is not.
 */
function acceptableLength(input: string, i: number): number {
  const code = input.charCodeAt(i);
  if (code === 0) return 0;
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = input.charCodeAt(i + 1);
    return next >= 0xdc00 && next <= 0xdfff ? 2 : 0;
  }
  return code >= 0xdc00 && code <= 0xdfff ? 0 : 1;
}

function unacceptable(i: number): Token {
  return { kind: 'invalid', position: i + 1, text: '', message: `Unexpected character at position ${i + 1}: it is not valid text` };
}

/** Splits a filter into tokens. Never throws: problems become `invalid` tokens, reported when reached. */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const char = input[i]!;
    if (isSpace(char)) {
      i++;
      continue;
    }
    const position = i + 1;
    if (char === '(' || char === ')') {
      tokens.push({ kind: char === '(' ? 'open' : 'close', position, text: char });
      i++;
    } else if (char === '=' || char === '<' || char === '>' || char === '!') {
      const two = input.slice(i, i + 2);
      if (two === '!=' || two === '<=' || two === '>=') {
        tokens.push({ kind: 'symbol', position, text: two });
        i += 2;
      } else if (char === '!') {
        tokens.push({ kind: 'invalid', position, text: '!', message: `Unexpected "!" at position ${position}: did you mean "!="?` });
        return tokens;
      } else {
        tokens.push({ kind: 'symbol', position, text: char });
        i++;
      }
    } else if (char === '"') {
      const message = `Unexpected '"' at position ${position}: text values go in single quotes, double quotes are not recognised`;
      tokens.push({ kind: 'invalid', position, text: '"', message });
      return tokens;
    } else if (char === "'") {
      const quoted = readQuoted(input, i);
      tokens.push(quoted.token);
      if (quoted.token.kind === 'invalid') return tokens;
      i = quoted.next;
    } else {
      const start = i;
      while (i < input.length && !isSpace(input[i]!) && !DELIMITERS.has(input[i]!)) {
        const length = acceptableLength(input, i);
        if (length === 0) {
          tokens.push(unacceptable(i));
          return tokens;
        }
        i += length;
      }
      tokens.push({ kind: 'word', position, text: input.slice(start, i) });
    }
  }
  tokens.push({ kind: 'end', position: input.length + 1, text: '' });
  return tokens;
}

function readQuoted(input: string, start: number): { token: Token; next: number } {
  let text = '';
  let i = start + 1;
  while (i < input.length) {
    const char = input[i]!;
    if (char === "'") {
      if (input[i + 1] === "'") {
        text += "'";
        i += 2;
        continue;
      }
      return { token: { kind: 'quoted', position: start + 1, text, raw: input.slice(start, i + 1) }, next: i + 1 };
    }
    const length = acceptableLength(input, i);
    if (length === 0) return { token: unacceptable(i), next: input.length };
    text += input.slice(i, i + length);
    i += length;
  }
  const message = `Unterminated text at position ${start + 1}: ${excerpt(input.slice(start))} has no closing single quote`;
  return { token: { kind: 'invalid', position: start + 1, text: input.slice(start), message }, next: input.length };
}
