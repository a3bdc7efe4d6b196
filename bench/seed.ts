import { sql } from 'kysely';
import cliProgress from 'cli-progress';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Database } from '../src/data/database.js';
import { migrateToLatest } from '../src/data/migrator.js';
import { HOST_TENANT_ID, type Caller } from '../src/domain/caller.js';
import { hostAdminPermissions } from '../src/domain/permissions.js';
import { NO_ORIGIN } from '../src/domain/request-origin.js';
import { createLogger } from '../src/http/logging.js';
import { restTenantRows } from '../src/http/rest/tenant-import-rows.js';
import { startServices } from '../src/services/index.js';
import { hashPassword } from '../src/services/security/passwords.js';
import type { BulkTenantRow } from '../src/services/tenants/bulk-import.js';

/** The password of the host admin and of every seeded tenant's admin. */
export const BENCH_PASSWORD = 'Bench-admin-pass-1';

export interface SeedFigures {
  tenants: number;
  seconds: number;
  tenantsPerSecond: number;
}

/** The seeded tenant `i` (1-based): searchable by its number in company, zip and city. */
export function seededRow(i: number, passwordHash: string): Readonly<Record<string, string>> {
  return {
    company: `Bench Company ${i}`,
    email: `admin${i}@bench.example`,
    first_name: 'Bench',
    last_name: `Admin ${i}`,
    password_hash: passwordHash,
    phone: '+14155552671',
    time_zone: '23',
    country: 'United States',
    city: `City ${i % 1000}`,
    street: `${i} Bench Street`,
    zip: `Z${i}`,
  };
}

/**
 * Seeds tenants `from`..`to` through the product's bulk import (`services.tenantImport`, as the CLI's
 * `tenants import --bulk` does), as the host admin, events off (a million Tenant.Created would be fanned out
 * while the workloads run). Then spreads the new tenants' start dates over ten years for the date-range search
 * (the REST resource cannot set `start_date`: it is the creation time).
 */
export async function seedTenants(env: Record<string, string>, from: number, to: number, showProgress: boolean): Promise<SeedFigures> {
  // The spread of start dates below is one statement over every seeded row: at a million it outlasted the
  // default 30 s statement limit on this machine (the import's own statements are one batch each).
  const config = loadConfig({ ...process.env, ...env, ADMIN_PASSWORD: BENCH_PASSWORD, LOG_LEVEL: 'silent' });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2, embeddedFsync: false, timeouts: { statementMs: 3_600_000 } });
  try {
    await migrateToLatest(database);
    const { services, internals } = await startServices(config, database, { log: createLogger(config) });
    try {
      const admin = await hostAdmin(database);
      const caller: Caller = {
        userId: admin,
        tenantId: HOST_TENANT_ID,
        userName: 'admin',
        permissions: new Set(hostAdminPermissions),
        credential: 'access_token',
        origin: 'password',
        from: NO_ORIGIN,
      };
      const passwordHash = await hashPassword(BENCH_PASSWORD);
      const total = to - from + 1;
      const bar = showProgress ? new cliProgress.SingleBar({ format: '  seeding {bar} {value}/{total} tenants, {rate}/s, eta {eta}s', hideCursor: true }, cliProgress.Presets.shades_classic) : undefined;
      bar?.start(total, 0, { rate: 0 });
      const started = performance.now();
      function* rows(): Generator<BulkTenantRow> {
        for (let i = from; i <= to; i++) yield { row: i - from + 1, values: seededRow(i, passwordHash) };
      }
      const report = await services.tenantImport(caller, {
        rows: restTenantRows(rows()),
        batchSize: 2000,
        emitEvents: false,
        surface: 'bench',
        onProgress: (p) => bar?.update(p.read, { rate: Math.round(p.read / ((performance.now() - started) / 1000)) }),
      });
      const seconds = (performance.now() - started) / 1000;
      bar?.stop();
      if (report.rejected > 0) throw new Error(`the seed rejected ${report.rejected} rows: ${JSON.stringify(report.problems.slice(0, 3))}`);
      await sql`update tenants set start_date = timestamptz '2015-01-01' + (id % 3650) * interval '1 day' where id between ${report.firstTenantId} and ${report.lastTenantId}`.execute(database.db);
      await sql`vacuum analyze tenants`.execute(database.db);
      return { tenants: report.imported, seconds, tenantsPerSecond: Math.round(report.imported / seconds) };
    } finally {
      await internals.stop();
    }
  } finally {
    await database.close();
  }
}

async function hostAdmin(database: Database): Promise<number> {
  const row = await database.db.selectFrom('users').select('id').where('tenant_id', '=', HOST_TENANT_ID).where('user_name', '=', 'admin').executeTakeFirstOrThrow();
  return row.id;
}

/**
 * W8's deep lists: `rows` users and `rows` API keys in the first seeded tenant, written straight with SQL (the
 * product has no bulk path for users or keys; only their number matters to paging). The keys cannot be used.
 */
export async function seedDeepLists(env: Record<string, string>, tenantId: number, rows: number): Promise<void> {
  const config = loadConfig({ ...process.env, ...env, LOG_LEVEL: 'silent' });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1, embeddedFsync: false });
  try {
    const hash = await hashPassword(BENCH_PASSWORD);
    await sql`
      insert into users (tenant_id, user_name, email, name, surname, password_hash)
      select ${tenantId}, 'user' || g, 'user' || g || '@deep.example', 'Deep', 'User ' || g, ${hash} from generate_series(1, ${rows}) g`.execute(database.db);
    await sql`
      insert into api_keys (tenant_id, user_id, name, prefix, secret_hash, expires_at)
      select ${tenantId}, u.id, 'deep key ' || g, 'bench' || g, decode(md5(g::text), 'hex'), now() + interval '30 days'
      from generate_series(1, ${rows}) g, (select id from users where tenant_id = ${tenantId} and user_name = 'admin') u`.execute(database.db);
    await sql`vacuum analyze users`.execute(database.db);
    await sql`vacuum analyze api_keys`.execute(database.db);
  } finally {
    await database.close();
  }
}
