import autocannon from 'autocannon';

/** One workload's figures from autocannon: requests per second (mean) and latency percentiles in ms. */
export interface LoadFigures {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  /** Answers that were not 2xx, and connection errors and timeouts: a workload with any is reported as broken. */
  non2xx: number;
  /** How many answers of each status that is not 2xx (empty when all were), to tell what broke a workload. */
  non2xxStatuses: Record<string, number>;
  errors: number;
}

export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  /** The requests each connection sends in turn (autocannon's `requests`). */
  requests: autocannon.Request[];
  headers?: Record<string, string>;
}

async function once(spec: LoadSpec, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: seconds,
    requests: spec.requests,
    headers: spec.headers ?? {},
    timeout: 30,
    // autocannon ends a run at its first sample after the duration: with its default of a sample a second, a
    // half-second run took a second, and a ten-second run ten or eleven. A tenth of a second ends it on time.
    sampleInt: 100,
  });
}

/** Runs a warm-up (a fifth of the time, at least a quarter second, not counted), then the measured run. */
export async function runLoad(spec: LoadSpec): Promise<LoadFigures> {
  await once(spec, Math.max(0.25, spec.seconds / 5));
  const result = await once(spec, spec.seconds);
  return {
    // Over the time the run really took, not the time asked for (it ends at a sample, up to one interval late).
    rps: Math.round(result.requests.total / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
    non2xxStatuses: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {})
        .filter(([status]) => !status.startsWith('2'))
        .map(([status, stats]) => [status, stats?.count ?? 0]),
    ),
    errors: result.errors + result.timeouts,
  };
}
