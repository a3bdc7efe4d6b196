/** One line of the timings the runner keeps: a queued test file (or one engine's half of it) and how long it ran. */
export interface TimingLine {
  key: string;
  ms: number;
}

interface TestEvent {
  type: string;
  data: { nesting?: number; name?: string; details?: { duration_ms?: number } };
}

/** The name of a queued file's suite (test/helpers/test-shard.ts): its path, and its engine when split by engine. */
const QUEUED_FILE = /^test\/\S+\.test\.ts( \[\w+\])?$/;

/**
 * A `node:test` reporter (`--test-reporter`) that writes, as JSON lines, how long each test file ran, its own set-up
 * included: the runner starts the longest files first next time (test/helpers/queued-files.ts). `node --test` reports
 * each file a shard ran as a suite named after the file (at the top level, or within the shard's own test).
 */
export default async function* timingsReporter(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  for await (const event of source) {
    const { nesting, name = '' } = event.data;
    if (event.type === 'test:complete' && (nesting ?? 0) <= 1 && QUEUED_FILE.test(name)) {
      const line: TimingLine = { key: name, ms: event.data.details?.duration_ms ?? 0 };
      yield `${JSON.stringify(line)}\n`;
    }
  }
}
