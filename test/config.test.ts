import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('starts with documented defaults from an empty environment', () => {
    const config = loadConfig({});
    assert.equal(config.port, 8080);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.dataDir, path.resolve('./data'));
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.publicUrl, 'http://127.0.0.1:8080');
    assert.equal(config.accessTokenSeconds, 86_400);
    assert.equal(config.refreshTokenSeconds, 31_536_000);
    assert.deepEqual(config.lockout, { maxFailures: 5, seconds: 300 });
    assert.equal(config.abpEnvelope, false);
    assert.equal(config.loginLinkMinutes, 60);
    assert.equal(config.tenantRetentionDays, 30);
  });

  it('reads every documented variable', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      DATA_DIR: '/tmp/x',
      DATABASE_URL: 'postgres://u:p@db:5432/tenantry',
      PUBLIC_URL: 'https://tenants.example.com/',
      ADMIN_EMAIL: 'ops@example.com',
      ADMIN_PASSWORD: 'secret1',
      ACCESS_TOKEN_SECONDS: '3600',
      REFRESH_TOKEN_SECONDS: '7200',
      LOG_LEVEL: 'warn',
      ABP_ENVELOPE: 'true',
    });
    assert.equal(config.port, 9000);
    assert.equal(config.databaseUrl, 'postgres://u:p@db:5432/tenantry');
    assert.equal(config.publicUrl, 'https://tenants.example.com', 'trailing slash dropped');
    assert.equal(config.adminEmail, 'ops@example.com');
    assert.equal(config.accessTokenSeconds, 3600);
    assert.equal(config.logLevel, 'warn');
    assert.equal(config.abpEnvelope, true);
  });

  it('reports every bad value at once, with a message per variable, and never echoes a password', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://user:hunter2@db/x',
        PUBLIC_URL: 'not a url',
        ADMIN_EMAIL: 'nobody',
        ADMIN_PASSWORD: '123',
        LOG_LEVEL: 'loud',
        ABP_ENVELOPE: 'maybe',
        ACCESS_TOKEN_SECONDS: '5',
      });
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof ConfigError);
    const problems = error.problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'PUBLIC_URL', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'LOG_LEVEL', 'ABP_ENVELOPE', 'ACCESS_TOKEN_SECONDS']) {
      assert.match(problems, new RegExp(`^${name} `, 'm'), name);
    }
    assert.doesNotMatch(problems, /hunter2/);
  });

  it('counts requests against their limits unless REQUEST_RATE_LIMITS is false', () => {
    assert.equal(loadConfig({}).requestRateLimits, true);
    assert.equal(loadConfig({ REQUEST_RATE_LIMITS: 'false' }).requestRateLimits, false);
    assert.throws(() => loadConfig({ REQUEST_RATE_LIMITS: 'sometimes' }), (error: unknown) => error instanceof ConfigError && /^REQUEST_RATE_LIMITS /.test(error.problems[0]!));
  });

  it('reads TRUST_PROXY as a flag, a number of hops or a list of proxies, and CORS_ORIGINS as exact origins (default: none)', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.deepEqual(loadConfig({}).corsOrigins, []);
    assert.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true);
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy, ['10.0.0.0/8', '127.0.0.1']);
    assert.deepEqual(loadConfig({ CORS_ORIGINS: 'https://console.example.com, http://localhost:5173/' }).corsOrigins, [
      'https://console.example.com',
      'http://localhost:5173',
    ]);
    for (const env of [{ TRUST_PROXY: 'everyone' }, { CORS_ORIGINS: '*' }, { CORS_ORIGINS: 'https://console.example.com/app' }, { CORS_ORIGINS: 'ftp://x.example' }]) {
      assert.throws(() => loadConfig(env), (error: unknown) => error instanceof ConfigError && new RegExp(`^${Object.keys(env)[0]} `).test(error.problems[0]!));
    }
  });
  it('keeps the metrics off by default, and asks an enabled /metrics for a token or a port of its own', () => {
    assert.deepEqual(loadConfig({}).metrics, { enabled: false, token: undefined, port: undefined, host: '127.0.0.1' });
    const token = 'm'.repeat(32);
    assert.deepEqual(loadConfig({ METRICS_ENABLED: 'true', METRICS_TOKEN: token }).metrics, { enabled: true, token, port: undefined, host: '127.0.0.1' });
    assert.deepEqual(loadConfig({ METRICS_ENABLED: 'true', METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }).metrics, { enabled: true, token: undefined, port: 9464, host: '0.0.0.0' });
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return error.problems;
      }
    };
    assert.match(problems({ METRICS_ENABLED: 'true' }).join('\n'), /METRICS_ENABLED needs METRICS_TOKEN .* or METRICS_PORT/);
    assert.match(problems({ METRICS_ENABLED: 'true', METRICS_TOKEN: 'short' }).join('\n'), /METRICS_TOKEN must be at least 32 characters/);
    assert.match(problems({ METRICS_ENABLED: 'true', METRICS_PORT: '8080' }).join('\n'), /METRICS_PORT must differ from PORT/);
    assert.match(problems({ METRICS_ENABLED: 'true', METRICS_PORT: 'ninety' }).join('\n'), /METRICS_PORT must be a whole number/);
    assert.match(problems({ METRICS_ENABLED: 'maybe' }).join('\n'), /METRICS_ENABLED must be true or false/);
  });

  it('runs housekeeping hourly with a week of delivered messages and a month of ended sessions, and refuses retentions below a day', () => {
    assert.deepEqual(loadConfig({}).housekeeping, { intervalMinutes: 60, outboxRetentionDays: 7, sessionRetentionDays: 30, eventExecutionRetentionDays: 30 });
    const read = loadConfig({ HOUSEKEEPING_INTERVAL_MINUTES: '5', OUTBOX_RETENTION_DAYS: '1', SESSION_RETENTION_DAYS: '90', EVENT_EXECUTION_RETENTION_DAYS: '365' });
    assert.deepEqual(read.housekeeping, { intervalMinutes: 5, outboxRetentionDays: 1, sessionRetentionDays: 90, eventExecutionRetentionDays: 365 });
    let error: unknown;
    try {
      loadConfig({ HOUSEKEEPING_INTERVAL_MINUTES: '0', OUTBOX_RETENTION_DAYS: '0', SESSION_RETENTION_DAYS: 'a month', EVENT_EXECUTION_RETENTION_DAYS: '0' });
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof ConfigError);
    assert.deepEqual(error.problems, [
      'HOUSEKEEPING_INTERVAL_MINUTES must be a whole number from 1 to 1440 (got "0").',
      'OUTBOX_RETENTION_DAYS must be a whole number from 1 to 3650 (got "0").',
      'SESSION_RETENTION_DAYS must be a whole number from 1 to 3650 (got "a month").',
      'EVENT_EXECUTION_RETENTION_DAYS must be a whole number from 1 to 3650 (got "0").',
    ]);
  });
});
