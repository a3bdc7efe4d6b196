/** One line of the timings the runner keeps: a test file's process and how long it ran, set-up included. */
export interface TimingLine {
  file: string;
  ms: number;
}

interface TestEvent {
  type: string;
  data: { nesting?: number; name?: string; file?: string; details?: { duration_ms?: number } };
}

/**
 * A `node:test` reporter (`--test-reporter`) that writes, as JSON lines, how long each test file's process ran:
 * the runner starts the longest files first next time (test/helpers/test-units.ts). `node --test` reports a file's
 * process as a top-level test named after the file.
 */
export default async function* timingsReporter(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  for await (const event of source) {
    if (event.type === 'test:complete' && event.data.nesting === 0 && event.data.file && event.data.name === event.data.file) {
      const line: TimingLine = { file: event.data.file, ms: event.data.details?.duration_ms ?? 0 };
      yield `${JSON.stringify(line)}\n`;
    }
  }
}
