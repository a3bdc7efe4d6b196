import path from 'node:path';

export type Env = Record<string, string | undefined>;

/**
 * The Prometheus endpoint `/metrics` (docs/operations.md): off unless enabled; then served on the main port to a
 * bearer of `token`, and/or on a port of its own (`port`, on `host`, by default the loopback interface only).
 */
export interface MetricsConfig {
  enabled: boolean;
  /** Bearer token `/metrics` asks for; on the main port it is required, on the metrics port too when set. */
  token: string | undefined;
  /** A separate listener for `/metrics` only (under WORKERS > 1: the primary's, with every worker's metrics summed). */
  port: number | undefined;
  host: string;
}

/** Which proxies to believe about the client's address and protocol (Fastify's `trustProxy`). */
export type TrustProxy = boolean | number | string[];

/**
 * How each kind of setting is read from the environment: blank is unset; a value that does not parse adds a
 * problem naming the variable (all are collected, so the operator sees them at once) and the default is used.
 */
export function envReaders(env: Env, problems: string[]) {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
      return fallback;
    }
    return Number(raw);
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const raw = read(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name} must be true or false (got "${raw}").`);
    return fallback;
  };
  const url = (name: string, protocols: string[]): string | undefined => {
    const raw = read(name);
    if (raw === undefined) return undefined;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) throw new Error('protocol');
      return raw;
    } catch {
      problems.push(`${name} must be a ${protocols.join(' or ')} URL (got "${redactUrl(raw)}").`);
      return undefined;
    }
  };

  return { read, integer, flag, url };
}

/** Shortest metrics token: it guards the whole operational picture (routes, error rates, outbox backlog). */
const METRICS_TOKEN_MIN_LENGTH = 32;

/** METRICS_*: enabled needs a way in (a token for the main port, or a port of its own), and that port is not PORT. */
export function metricsOf(
  read: (name: string) => string | undefined,
  integer: (name: string, fallback: number, min: number, max: number) => number,
  enabled: boolean,
  mainPort: number,
  problems: string[],
): MetricsConfig {
  const token = read('METRICS_TOKEN');
  if (token !== undefined && (token.length < METRICS_TOKEN_MIN_LENGTH || /\s/.test(token))) {
    problems.push(`METRICS_TOKEN must be at least ${METRICS_TOKEN_MIN_LENGTH} characters without spaces.`);
  }
  const port = read('METRICS_PORT') === undefined ? undefined : integer('METRICS_PORT', 0, 1, 65535);
  if (port !== undefined && port === mainPort) problems.push(`METRICS_PORT must differ from PORT (both are ${port}).`);
  if (enabled && token === undefined && port === undefined) {
    problems.push('METRICS_ENABLED needs METRICS_TOKEN (to serve /metrics on the main port) or METRICS_PORT (a port of its own), or both.');
  }
  return { enabled, token, port, host: read('METRICS_HOST') ?? '127.0.0.1' };
}

/** `true`/`false`, a number of proxy hops, or a comma list of proxy addresses and CIDR ranges. */
export function trustProxyOf(raw: string | undefined, problems: string[]): TrustProxy {
  if (raw === undefined) return false;
  const lower = raw.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
  if (['0', 'false', 'no', 'off'].includes(lower)) return false;
  if (/^\d+$/.test(raw) && Number(raw) <= 100) return Number(raw);
  const list = raw.split(',').map((part) => part.trim()).filter(Boolean);
  if (list.length > 0 && list.every((part) => /^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(part))) return list;
  problems.push(`TRUST_PROXY must be true, false, a number of hops or a comma list of addresses and CIDR ranges (got "${raw}").`);
  return false;
}

/** A comma list of browser origins, each exactly `scheme://host[:port]`. */
export function originsOf(raw: string | undefined, problems: string[]): string[] {
  if (raw === undefined) return [];
  const origins: string[] = [];
  for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    let origin: string | undefined;
    try {
      const parsed = new URL(part);
      if ((parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.origin === part.replace(/\/$/, '')) origin = parsed.origin;
    } catch {
      origin = undefined;
    }
    if (origin) origins.push(origin);
    else problems.push(`CORS_ORIGINS must list origins such as https://console.example.com (got "${part}").`);
  }
  return origins;
}

export function dataDirOf(raw: string): string {
  return raw.startsWith('memory://') ? raw : path.resolve(raw);
}

export function redactUrl(raw: string): string {
  return raw.replace(/\/\/([^@/]*)@/, '//***@');
}
