import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { AppError } from '../../domain/errors.js';

/** One row of a bulk import file: its number (1 = the first tenant; a CSV header is not counted) and its values. */
export type BulkTenantRow =
  | { row: number; values: Readonly<Record<string, string>> }
  /** A row the reader could not turn into values (a JSON line that is not an object of texts). */
  | { row: number; problem: { field: string; message: string } };

export type BulkImportFormat = 'csv' | 'jsonl';

/**
 * Reads a bulk import file as it streams, one row at a time, so a file of a million tenants never sits in
 * memory. CSV: a header row of field names, then one tenant per record. JSON lines: one object per line
 * (blank lines skipped), its values texts, numbers or booleans. A file that is not CSV at all (an
 * unterminated quote, a record with more or fewer columns than the header) stops the import.
 */
export async function* readTenantRows(input: Readable, format: BulkImportFormat): AsyncGenerator<BulkTenantRow> {
  if (format === 'csv') yield* readCsv(input);
  else yield* readJsonLines(input);
}

async function* readCsv(input: Readable): AsyncGenerator<BulkTenantRow> {
  const parser = input.pipe(parse({ columns: true, bom: true, skip_empty_lines: true, trim: false }));
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) yield { row: ++row, values: record };
  } catch (error) {
    throw AppError.validation([{ field: 'file', message: `The CSV file cannot be read after row ${row}: ${(error as Error).message}` }]);
  }
}

async function* readJsonLines(input: Readable): AsyncGenerator<BulkTenantRow> {
  let row = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    row++;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      yield { row, problem: { field: 'row', message: 'This line is not JSON.' } };
      continue;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      yield { row, problem: { field: 'row', message: 'Each line must be one JSON object of field names and values.' } };
      continue;
    }
    const values: Record<string, string> = {};
    const bad = Object.entries(parsed).find(([, v]) => v !== null && !['string', 'number', 'boolean'].includes(typeof v));
    if (bad) {
      yield { row, problem: { field: bad[0], message: 'A value must be a text, a number, a boolean or null.' } };
      continue;
    }
    for (const [name, value] of Object.entries(parsed)) values[name] = value === null ? '' : String(value);
    yield { row, values };
  }
}
