import type { BaseOperator, Comparison, FilterExpression, Literal, Operator } from './ast.js';
import { excerpt, FilterSyntaxError } from './filter-syntax-error.js';
import { bareLiterals, quotedLiterals } from './literals.js';
import { tokenize, type Token } from './tokenizer.js';

/** Bounds that keep a hostile filter cheap to parse and to run. */
export const FILTER_LIMITS = { maxLength: 4000, maxDepth: 20, maxComparisons: 100, maxAlternatives: 200 } as const;

const SYMBOLS: Record<string, Omit<Operator, 'text'>> = {
  '=': { base: 'equals', negated: false },
  '!=': { base: 'equals', negated: true },
  '<': { base: 'less', negated: false },
  '<=': { base: 'lessOrEqual', negated: false },
  '>': { base: 'greater', negated: false },
  '>=': { base: 'greaterOrEqual', negated: false },
};

/** Word operators, longest first so `less than equals` wins over `less than`. */
const PHRASES: { words: string[]; base: BaseOperator; negated: boolean }[] = [
  { words: ['less', 'than', 'equals'], base: 'lessOrEqual', negated: false },
  { words: ['greater', 'than', 'equals'], base: 'greaterOrEqual', negated: false },
  { words: ['not', 'equal', 'to'], base: 'equals', negated: true },
  { words: ['less', 'than'], base: 'less', negated: false },
  { words: ['greater', 'than'], base: 'greater', negated: false },
  { words: ['not', 'contains'], base: 'contains', negated: true },
  { words: ['starts', 'with'], base: 'startsWith', negated: false },
  { words: ['ends', 'with'], base: 'endsWith', negated: false },
  { words: ['equals'], base: 'equals', negated: false },
  { words: ['contains'], base: 'contains', negated: false },
];

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/**
 * Parses the AgileApps filter language (`name contains 'smith' AND (active = 1 OR free = 1)`) into a tree.
 * AND binds tighter than OR; keywords and word operators ignore case. Throws only FilterSyntaxError.
 */
export function parseFilter(input: string): FilterExpression {
  if (input.length > FILTER_LIMITS.maxLength) {
    const position = FILTER_LIMITS.maxLength + 1;
    throw new FilterSyntaxError(`The filter is too long at position ${position}: at most ${FILTER_LIMITS.maxLength} characters are allowed`, position);
  }
  return new Parser(tokenize(input)).parse();
}

class Parser {
  private index = 0;
  private depth = 0;
  private comparisons = 0;
  private alternatives = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): FilterExpression {
    const expression = this.disjunction();
    const next = this.peek();
    if (next.kind === 'close') this.fail(next, 'there is no "(" for this ")"');
    if (next.kind !== 'end') this.fail(next, 'expected AND, OR or the end of the filter');
    return expression;
  }

  private disjunction(): FilterExpression {
    const operands = [this.conjunction()];
    while (this.isKeyword(this.peek(), 'OR')) {
      this.index++;
      operands.push(this.conjunction());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'or', operands };
  }

  private conjunction(): FilterExpression {
    const operands = [this.primary()];
    while (this.isKeyword(this.peek(), 'AND')) {
      this.index++;
      operands.push(this.primary());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'and', operands };
  }

  private primary(): FilterExpression {
    const token = this.peek();
    if (token.kind !== 'open') return this.comparison();
    if (++this.depth > FILTER_LIMITS.maxDepth) this.fail(token, `parentheses nest deeper than ${FILTER_LIMITS.maxDepth} levels`);
    this.index++;
    const inner = this.disjunction();
    const close = this.peek();
    if (close.kind !== 'close') this.fail(close, 'expected AND, OR or ")"');
    this.index++;
    this.depth--;
    return inner;
  }

  private comparison(): Comparison {
    const fieldToken = this.peek();
    if (fieldToken.kind !== 'word' || !FIELD_NAME.test(fieldToken.text) || this.isKeyword(fieldToken, 'AND') || this.isKeyword(fieldToken, 'OR')) {
      this.fail(fieldToken, 'expected a field name');
    }
    if (++this.comparisons > FILTER_LIMITS.maxComparisons) this.fail(fieldToken, `a filter may hold at most ${FILTER_LIMITS.maxComparisons} comparisons`);
    this.index++;
    const operatorPosition = this.peek().position;
    const operator = this.operator();
    const valueToken = this.peek();
    const values = this.value();
    return {
      kind: 'comparison',
      field: fieldToken.text,
      operator,
      values,
      fieldPosition: fieldToken.position,
      operatorPosition,
      valuePosition: valueToken.position,
    };
  }

  private operator(): Operator {
    const first = this.peek();
    if (first.kind === 'symbol') {
      this.index++;
      return { ...SYMBOLS[first.text]!, text: first.text };
    }
    let longestPrefix = 0;
    let expected = '';
    for (const phrase of PHRASES) {
      let matched = 0;
      while (matched < phrase.words.length && this.isKeyword(this.peek(matched), phrase.words[matched]!)) matched++;
      if (matched === phrase.words.length) {
        const words = this.tokens.slice(this.index, this.index + matched).map((t) => t.text);
        this.index += matched;
        return { base: phrase.base, negated: phrase.negated, text: words.join(' ') };
      }
      if (matched > longestPrefix) {
        longestPrefix = matched;
        expected = `"${phrase.words[matched]}"`;
      } else if (matched === longestPrefix && matched > 0 && !expected.includes(`"${phrase.words[matched]}"`)) {
        expected += ` or "${phrase.words[matched]}"`;
      }
    }
    if (longestPrefix > 0) this.fail(this.peek(longestPrefix), `expected ${expected}`);
    return this.fail(first, 'expected an operator such as =, !=, <, >, contains or starts with');
  }

  private value(): Literal[] {
    const token = this.peek();
    let literals: Literal[] | undefined;
    if (token.kind === 'quoted') literals = quotedLiterals(token.text);
    else if (token.kind === 'word') {
      literals = bareLiterals(token.text);
      if (!literals && !this.isKeyword(token, 'AND') && !this.isKeyword(token, 'OR')) {
        this.fail(token, 'expected a value; text goes in single quotes');
      }
    }
    if (!literals) return this.fail(token, 'expected a value');
    this.alternatives += literals.length;
    if (this.alternatives > FILTER_LIMITS.maxAlternatives) this.fail(token, `a filter may hold at most ${FILTER_LIMITS.maxAlternatives} values`);
    this.index++;
    return literals;
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)]!;
  }

  private isKeyword(token: Token, keyword: string): boolean {
    return token.kind === 'word' && token.text.toLowerCase() === keyword.toLowerCase();
  }

  private fail(token: Token, expectation: string): never {
    if (token.kind === 'invalid') throw new FilterSyntaxError(token.message, token.position);
    const found = token.kind === 'end' ? 'end of filter' : excerpt(token.kind === 'quoted' ? token.raw : token.text);
    throw new FilterSyntaxError(`Unexpected ${found} at position ${token.position}: ${expectation}`, token.position);
  }
}
