import { dataDirOf, envReaders, metricsOf, originsOf, trustProxyOf, type Env, type MetricsConfig, type TrustProxy } from './config-values.js';

export type { MetricsConfig } from './config-values.js';
import type { DatabaseTimeouts } from './data/database.js';
import { DEFAULT_EMBEDDED_SHARED_BUFFERS_MB } from './data/pglite-memory.js';

/** Validated service configuration; read once from the environment at start. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** When set, a PostgreSQL server is used instead of the embedded database. */
  databaseUrl: string | undefined;
  /** A streaming replica of DATABASE_URL that read-only use cases (searches) are sent to (docs/scale-out.md). */
  databaseReadUrl: string | undefined;
  databasePoolSize: number;
  /** Server processes sharing the port (node:cluster); more than one needs PostgreSQL. */
  workers: number;
  /** How long a PostgreSQL connect, a wait for a pooled connection and one statement may take before failing. */
  databaseTimeouts: DatabaseTimeouts;
  /** Embedded engine: sync every commit to the disk (survives power loss), or leave it to the OS (faster). */
  embeddedFsync: boolean;
  /** Embedded engine: PostgreSQL's buffer pool in MB, resident for the life of the process. */
  embeddedSharedBuffersMb: number;
  /** How often each instance re-reads security events, in case a notification was lost. */
  revocationPollMs: number;
  publicUrl: string;
  adminEmail: string;
  adminPassword: string | undefined;
  /** Secret that signs access tokens; generated and kept in the database when not given. */
  tokenSecret: string | undefined;
  accessTokenSeconds: number;
  refreshTokenSeconds: number;
  lockout: { maxFailures: number; seconds: number };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Wrap RPC answers in the ABP envelope `{result, success, ...}` unless a request says otherwise. */
  abpEnvelope: boolean;
  /** REST answers keep AgileApps' JSON quirks (one record: an object) unless the host setting says otherwise. */
  restStrictCompatibility: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  stripeSecretKey: string | undefined;
  stripeApiBase: string | undefined;
  /** Signing secret of the Stripe webhook endpoint (`whsec_…`); without it Stripe's webhooks are refused. */
  stripeWebhookSecret: string | undefined;
  webhooks: WebhookConfig;
  /** Delivery of the transactional outbox (e-mail, later webhooks). */
  outbox: OutboxConfig;
  loginLinkMinutes: number;
  /** Lifetimes of the codes account e-mails carry (password reset, address confirmation, invitation). */
  accountCodes: { passwordResetMinutes: number; emailConfirmationHours: number; invitationHours: number };
  /** Days a deleted tenant stays restorable before it is purged. */
  tenantRetentionDays: number;
  /** The background deletion of rows that no longer serve anyone (services/housekeeping). */
  housekeeping: HousekeepingConfig;
  /** The `/signup` pages: the server-side API key they onboard with (never sent to a browser) and their per-IP limit. */
  signup: { apiKey: string | undefined; perIpPerHour: number };
  /** Which proxies to believe about the client's address and protocol (Fastify's `trustProxy`). */
  trustProxy: TrustProxy;
  /** Origins (scheme://host[:port]) whose pages may call the API from a browser; empty: none cross-origin. */
  corsOrigins: string[];
  rateLimits: RateLimitConfig;
  /**
   * Whether every request is counted per client IP and API key (REQUEST_RATE_LIMITS, default on). Off only where
   * a gateway in front limits them; the sign-in, account e-mail and sign-up limits and the lockout stay on.
   */
  requestRateLimits: boolean;
  /** When set, rate-limit counters live in this Redis instead of PostgreSQL. */
  redisUrl: string | undefined;
  /** Prefix of every Redis key, so deployments (or test runs) can share one Redis. */
  redisKeyPrefix: string;
  metrics: MetricsConfig;
}


/** Requests allowed per window; an API key's and a tenant's own limits replace the per-key defaults. */
export interface RateLimitConfig {
  keyPerMinute: number;
  keyPerDay: number;
  ipPerMinute: number;
  ipPerDay: number;
  /** Sign-ins and login-link redemptions per account, and per client IP. */
  signInPerMinute: number;
  signInIpPerMinute: number;
  /** Account e-mails (password reset, confirmation) asked for per address per hour. */
  accountMailPerHour: number;
}

export interface OutboxConfig {
  /** How often an idle dispatcher looks for due messages; a local enqueue wakes it at once. */
  pollMs: number;
  /** How long a claimed message is reserved for one delivery attempt before another attempt may take it. */
  leaseMs: number;
  /** First retry delay; each further failure doubles it (with jitter) up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Attempts after which a message stays undelivered, marked failed. */
  maxAttempts: number;
}

export interface HousekeepingConfig {
  /** Minutes between two runs of each instance. */
  intervalMinutes: number;
  /** Days a delivered outbox message is kept (its dedupe key holds that long). */
  outboxRetentionDays: number;
  /** Days an ended session (expired or revoked) and a spent one-time token (used or expired) are kept. */
  sessionRetentionDays: number;
  /** Days a webhook delivery attempt (a row of `GetEventExecutions`) is kept. */
  eventExecutionRetentionDays: number;
}

export interface WebhookConfig {
  /** Let subscriptions target private, loopback and link-local addresses (tests, a closed network). */
  allowPrivateTargets: boolean;
  /** Time a receiver has to answer one delivery. */
  timeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The largest configurable limit: counters are PostgreSQL integers. */
const MAX_LIMIT = 1_000_000_000;

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Reads and validates the environment, collecting every problem so the operator sees them all at once. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const { read, integer, flag, url } = envReaders(env, problems);

  const port = integer('PORT', 8080, 0, 65535);
  const host = read('HOST') ?? '127.0.0.1';
  const databaseUrl = url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const databaseReadUrl = url('DATABASE_READ_URL', ['postgres:', 'postgresql:']);
  if (databaseReadUrl && !databaseUrl) problems.push('DATABASE_READ_URL needs DATABASE_URL: a read replica is a replica of a PostgreSQL server.');
  const publicUrl = (url('PUBLIC_URL', ['http:', 'https:']) ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/+$/, '');
  const adminEmail = read('ADMIN_EMAIL') ?? 'admin@tenantry.local';
  if (!/^[^\s@]+@[^\s@]+$/.test(adminEmail)) problems.push(`ADMIN_EMAIL must be an e-mail address (got "${adminEmail}").`);
  const adminPassword = read('ADMIN_PASSWORD');
  if (adminPassword !== undefined && adminPassword.length < 6) problems.push('ADMIN_PASSWORD must be at least 6 characters long.');
  const tokenSecret = read('TOKEN_SECRET');
  if (tokenSecret !== undefined && tokenSecret.length < 32) problems.push('TOKEN_SECRET must be at least 32 characters long.');
  const logLevel = (read('LOG_LEVEL') ?? 'info') as Config['logLevel'];
  if (!logLevels.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${logLevels.join(', ')} (got "${logLevel}").`);
  const smtpUrl = url('SMTP_URL', ['smtp:', 'smtps:']);
  const stripeApiBase = url('STRIPE_API_BASE', ['http:', 'https:']);
  const signupApiKey = read('SIGNUP_API_KEY');
  if (signupApiKey !== undefined && !/^tnt_\S+$/.test(signupApiKey)) problems.push('SIGNUP_API_KEY must be an API key (tnt_…).');

  const workers = read('WORKERS');
  if (workers !== undefined && workers !== '1' && databaseUrl === undefined) {
    problems.push('WORKERS above 1 needs DATABASE_URL: the embedded database belongs to one process.');
  }

  const metrics = metricsOf(read, integer, flag('METRICS_ENABLED', false), port, problems);

  const config: Config = {
    port,
    host,
    // `memory://` is PGlite's in-memory database, not a path: resolving it would create a `memory:` directory.
    dataDir: dataDirOf(read('DATA_DIR') ?? './data'),
    databaseUrl,
    databaseReadUrl,
    databasePoolSize: integer('DATABASE_POOL_SIZE', 10, 1, 200),
    workers: integer('WORKERS', 1, 1, 64),
    databaseTimeouts: {
      connectMs: integer('DATABASE_CONNECT_TIMEOUT_MS', 5_000, 100, 600_000),
      acquireMs: integer('DATABASE_ACQUIRE_TIMEOUT_MS', 5_000, 100, 600_000),
      statementMs: integer('DATABASE_STATEMENT_TIMEOUT_MS', 30_000, 100, 3_600_000),
    },
    revocationPollMs: integer('REVOCATION_POLL_MS', 2_000, 50, 3_600_000),
    embeddedFsync: flag('EMBEDDED_FSYNC', true),
    embeddedSharedBuffersMb: integer('EMBEDDED_SHARED_BUFFERS_MB', DEFAULT_EMBEDDED_SHARED_BUFFERS_MB, 1, 1024),
    publicUrl,
    adminEmail,
    adminPassword,
    tokenSecret,
    accessTokenSeconds: integer('ACCESS_TOKEN_SECONDS', 86_400, 60, 31_536_000),
    refreshTokenSeconds: integer('REFRESH_TOKEN_SECONDS', 31_536_000, 300, 315_360_000),
    lockout: {
      maxFailures: integer('LOCKOUT_MAX_FAILURES', 5, 1, 1000),
      seconds: integer('LOCKOUT_SECONDS', 300, 1, 86_400),
    },
    logLevel,
    abpEnvelope: flag('ABP_ENVELOPE', false),
    restStrictCompatibility: flag('REST_STRICT_COMPATIBILITY', false),
    smtpUrl,
    mailFrom: read('MAIL_FROM') ?? 'Tenantry <no-reply@tenantry.local>',
    stripeSecretKey: read('STRIPE_SECRET_KEY'),
    stripeWebhookSecret: read('STRIPE_WEBHOOK_SECRET'),
    stripeApiBase,
    webhooks: {
      allowPrivateTargets: flag('WEBHOOK_ALLOW_PRIVATE_TARGETS', false),
      timeoutMs: integer('WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    },
    outbox: {
      pollMs: integer('OUTBOX_POLL_MS', 5_000, 10, 3_600_000),
      leaseMs: integer('OUTBOX_LEASE_MS', 300_000, 1_000, 86_400_000),
      retryBaseMs: integer('OUTBOX_RETRY_BASE_MS', 30_000, 1, 86_400_000),
      retryMaxMs: integer('OUTBOX_RETRY_MAX_MS', 3_600_000, 1, 604_800_000),
      maxAttempts: integer('OUTBOX_MAX_ATTEMPTS', 10, 1, 1000),
    },
    loginLinkMinutes: integer('LOGIN_LINK_MINUTES', 60, 1, 10_080),
    accountCodes: {
      passwordResetMinutes: integer('PASSWORD_RESET_CODE_MINUTES', 60, 1, 1440),
      emailConfirmationHours: integer('EMAIL_CONFIRMATION_HOURS', 48, 1, 720),
      invitationHours: integer('INVITATION_HOURS', 168, 1, 720),
    },
    tenantRetentionDays: integer('TENANT_RETENTION_DAYS', 30, 0, 3650),
    housekeeping: {
      intervalMinutes: integer('HOUSEKEEPING_INTERVAL_MINUTES', 60, 1, 1440),
      outboxRetentionDays: integer('OUTBOX_RETENTION_DAYS', 7, 1, 3650),
      sessionRetentionDays: integer('SESSION_RETENTION_DAYS', 30, 1, 3650),
      eventExecutionRetentionDays: integer('EVENT_EXECUTION_RETENTION_DAYS', 30, 1, 3650),
    },
    signup: { apiKey: signupApiKey, perIpPerHour: integer('SIGNUP_RATE_LIMIT', 100, 1, 100_000) },
    trustProxy: trustProxyOf(read('TRUST_PROXY'), problems),
    corsOrigins: originsOf(read('CORS_ORIGINS'), problems),
    requestRateLimits: flag('REQUEST_RATE_LIMITS', true),
    rateLimits: {
      keyPerMinute: integer('RATE_LIMIT_PER_MINUTE', 50, 1, MAX_LIMIT),
      keyPerDay: integer('RATE_LIMIT_PER_DAY', 10_000, 1, MAX_LIMIT),
      ipPerMinute: integer('RATE_LIMIT_IP_PER_MINUTE', 6_000, 1, MAX_LIMIT),
      ipPerDay: integer('RATE_LIMIT_IP_PER_DAY', 1_000_000, 1, MAX_LIMIT),
      signInPerMinute: integer('SIGN_IN_LIMIT_PER_MINUTE', 60, 1, MAX_LIMIT),
      signInIpPerMinute: integer('SIGN_IN_IP_LIMIT_PER_MINUTE', 600, 1, MAX_LIMIT),
      accountMailPerHour: integer('ACCOUNT_MAIL_LIMIT_PER_HOUR', 5, 1, MAX_LIMIT),
    },
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    redisKeyPrefix: read('REDIS_KEY_PREFIX') ?? 'tenantry:',
    metrics,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
