/**
 * How long to wait before the next delivery attempt after `failedAttempts` failures: exponential from
 * `baseMs`, capped at `maxMs`, with "equal jitter" (half fixed, half random) so that messages that failed
 * together (an SMTP outage) do not all come back in the same instant.
 */
export function retryDelayMs(failedAttempts: number, options: { baseMs: number; maxMs: number }, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 40);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
