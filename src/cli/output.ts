import type { Terminal } from './terminal.js';

/** One column of a table: its heading and how a row shows in it. */
export interface Column<T> {
  heading: string;
  value: (row: T) => unknown;
}

/** Writes a command's answer: a table or sentences for people, JSON (one document) with `--json` for scripts. */
export class Output {
  constructor(
    private readonly terminal: Terminal,
    readonly json: boolean,
  ) {}

  /** The answer: `data` as JSON, or what `human` makes of it. */
  result<T>(data: T, human: (data: T) => string): void {
    this.terminal.stdout.write(this.json ? `${JSON.stringify(data, null, 2)}\n` : ensureNewline(human(data)));
  }

  /** A remark for the person at the terminal (never part of the JSON answer). */
  note(text: string): void {
    this.terminal.stderr.write(ensureNewline(text));
  }
}

/** Rows as an aligned plain-text table; an empty list says so. */
export function table<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  if (rows.length === 0) return '(none)\n';
  const cells = rows.map((row) => columns.map((column) => cellText(column.value(row))));
  const widths = columns.map((column, i) => Math.max(column.heading.length, ...cells.map((line) => line[i]!.length)));
  const render = (line: string[]) => line.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  return [render(columns.map((c) => c.heading.toUpperCase())), ...cells.map(render)].join('\n') + '\n';
}

/** A record as `name: value` lines, names aligned. */
export function details(entries: readonly (readonly [string, unknown])[]): string {
  const width = Math.max(...entries.map(([name]) => name.length));
  return entries.map(([name, value]) => `${`${name}:`.padEnd(width + 1)} ${cellText(value)}`).join('\n') + '\n';
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value).replace(/\s+/g, ' ');
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
