interface FailEvent {
  type: string;
  data: { name?: string; file?: string; nesting?: number; details?: { error?: { failureType?: string; message?: string; cause?: unknown } } };
}

/** One failed test as the runner lists it at the end of a run. */
export interface FailureLine {
  file: string;
  name: string;
  message: string;
}

/** The start of an error's message, on one line: enough to recognise the failure in a log's tail. */
function summary(value: unknown): string {
  const text = value instanceof Error ? value.message : typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.slice(0, 4).join(' ').slice(0, 400);
}

/**
 * A `node:test` reporter that writes each failed test as a JSON line, so the runner can repeat the failures after the
 * report: a long TAP report is often read only by its tail (a CI log cut to its last lines). A suite that failed only
 * because a test inside it did is left out; the test itself is listed.
 */
export default async function* failuresReporter(source: AsyncIterable<FailEvent>): AsyncGenerator<string> {
  // The names of the suites each file is in, by depth: a test is named with its suites (the engine is in their names).
  const suites = new Map<string, string[]>();
  for await (const event of source) {
    const { file = '', name = '', nesting = 0 } = event.data;
    if (event.type === 'test:start') {
      const path = suites.get(file) ?? [];
      path.length = nesting;
      path[nesting] = name;
      suites.set(file, path);
    }
    if (event.type !== 'test:fail') continue;
    const error = event.data.details?.error;
    if (error?.failureType === 'subtestsFailed') continue;
    // An event's file is where its test was declared. The suite a shard runs a file in (test/helpers/test-shard.ts),
    // declared there, is another file's: a test's suites are those of its own file.
    const within = (suites.get(file) ?? []).slice(0, nesting).filter((suite) => suite !== undefined);
    const line: FailureLine = { file, name: [...within, name].join(' › '), message: summary(error?.cause ?? error?.message) };
    yield `${JSON.stringify(line)}\n`;
  }
}
