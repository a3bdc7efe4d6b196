import { AppError } from '../errors.js';

/** A filter that cannot be parsed. A validation error on the field `filter` that says where it broke. */
export class FilterSyntaxError extends AppError {
  /** 1-based character position of the problem (one past the end when the filter ended too early). */
  readonly position: number;

  constructor(message: string, position: number) {
    super('validation', message, { fields: [{ field: 'filter', message }] });
    this.name = 'FilterSyntaxError';
    this.position = position;
  }
}

const EXCERPT_LENGTH = 20;

/** A short, printable quotation of what was found, for messages. */
export function excerpt(text: string): string {
  const shown = text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text;
  return JSON.stringify(shown);
}
