import { SingleBar } from 'cli-progress';
import type { Terminal } from './terminal.js';

/** Progress of long work, drawn on standard error when it is a terminal; nothing otherwise (scripts, pipes). */
export interface Progress {
  update(done: number, counts?: string): void;
  stop(): void;
}

/** A bar over `total` units; with no total known (undefined), a running count. */
export function progressBar(terminal: Terminal, label: string, total: number | undefined, unit: string): Progress {
  if (!terminal.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar({
    stream: terminal.stderr as NodeJS.WriteStream,
    format: total === undefined ? `${label} {value} ${unit} | {counts}` : `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {counts}`,
    hideCursor: true,
    clearOnComplete: false,
  });
  bar.start(Math.max(total ?? 0, 1), 0, { counts: '' });
  return {
    update: (done, counts = '') => bar.update(total === undefined ? done : Math.min(done, total), { counts }),
    stop: () => bar.stop(),
  };
}
