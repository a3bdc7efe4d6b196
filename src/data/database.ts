import fs from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql, type LogEvent } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.js';
import { ListenConnection } from './listen-connection.js';
import { ReadRouting, WRITES_CHANNEL } from './read-routing.js';
import { DEFAULT_EMBEDDED_SHARED_BUFFERS_MB, embeddedMemoryParams } from './pglite-memory.js';
import { durableStartParams, syncFilesToDisk } from './pglite-durability.js';
import { PGliteDialect } from './pglite-driver.js';
import type { Schema } from './schema.js';

export type Engine = 'pglite' | 'postgres';

/** One connection pool's use at this moment: the primary's, or the read replica's. */
export interface PoolUse {
  pool: 'primary' | 'replica';
  /** Connections open (the embedded engine: its one connection). */
  total: number;
  idle: number;
  /** Queries and transactions waiting for a connection. */
  waiting: number;
}

/** Told the duration of every statement run through Kysely, and whether it failed (the metrics' query latency). */
export type QueryObserver = (pool: PoolUse['pool'], seconds: number, failed: boolean) => void;

/** The one database handle the data layer is built on, whichever engine is behind it. */
export interface Database {
  readonly db: Kysely<Schema>;
  readonly engine: Engine;
  /**
   * Calls `handler` with each notification on `channel` (NOTIFY), from this or any other instance. A lost
   * connection is re-established with back-off; `onReconnect` then runs, because notifications sent while it was
   * away are gone and whatever they would have refreshed must be re-read.
   */
  listen(channel: string, handler: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  /** Answers when the database can run a query. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Each pool's connections in use and waiters, read when the metrics are scraped. */
  poolUse(): PoolUse[];
  /** With a read replica (`DATABASE_READ_URL`): where read-only use cases run (see read-routing.ts). */
  readonly readRouting?: ReadRouting;
  /** The embedded engine's whole data directory as a tar archive (absent on a PostgreSQL server). */
  dump?(): Promise<Blob>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; without it the embedded database under `dataDir` is used. */
  databaseUrl?: string | undefined;
  /** A streaming replica of `databaseUrl` for read-only use cases (PostgreSQL only). */
  readUrl?: string | undefined;
  /** Directory of the embedded database; `memory://` keeps it in memory (tests). */
  dataDir: string;
  poolSize?: number;
  /** PostgreSQL only: connect, pool-acquire and statement timeouts (defaults: 5 s, 5 s, 30 s). */
  timeouts?: Partial<DatabaseTimeouts>;
  /** A dump of an embedded data directory to start from (`PGlite.dumpDataDir`): tests clone one migrated database. */
  embeddedTemplate?: Blob | undefined;
  /** Embedded engine on disk: sync commits to the disk (default true; see pglite-durability.ts). */
  embeddedFsync?: boolean;
  /** Embedded engine: PostgreSQL's `shared_buffers` in MB (see pglite-memory.ts). */
  embeddedSharedBuffersMb?: number;
  /** Given, every statement's duration is reported (METRICS_ENABLED); absent, nothing is timed. */
  observeQuery?: QueryObserver | undefined;
}

export interface DatabaseTimeouts {
  connectMs: number;
  acquireMs: number;
  statementMs: number;
}

const DEFAULT_TIMEOUTS: DatabaseTimeouts = { connectMs: 5_000, acquireMs: 5_000, statementMs: 30_000 };

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.readUrl, options.poolSize ?? 10, { ...DEFAULT_TIMEOUTS, ...options.timeouts }, options.observeQuery)
    : openPGlite(options.dataDir, options.embeddedTemplate, options.embeddedFsync ?? true, options.embeddedSharedBuffersMb ?? DEFAULT_EMBEDDED_SHARED_BUFFERS_MB, options.observeQuery);
}

/** Kysely's `log` option reporting to `observe` (Kysely times a statement only when it has a logger). */
function statementLog(observe: QueryObserver | undefined, pool: PoolUse['pool']): { log?: (event: LogEvent) => void } {
  return observe ? { log: (event) => observe(pool, event.queryDurationMillis / 1000, event.level === 'error') } : {};
}

// int8 (bigint ids, counts) as JavaScript numbers on both engines: our ids stay far below 2^53.
const INT8_OID = 20;
const parseInt8 = (value: string) => Number(value);

async function openPGlite(
  dataDir: string,
  template: Blob | undefined,
  fsync: boolean,
  sharedBuffersMb: number,
  observeQuery: QueryObserver | undefined,
): Promise<Database> {
  const onDisk = !dataDir.startsWith('memory://');
  if (onDisk) await fs.mkdir(dataDir, { recursive: true });
  const lock = onDisk ? lockDataDir(dataDir) : undefined;
  const durable = onDisk && fsync;
  const pglite = await PGlite.create(dataDir, {
    extensions: { pg_trgm },
    parsers: { [INT8_OID]: parseInt8 },
    ...(template ? { loadDataDir: template } : {}),
    startParams: [...(durable ? durableStartParams : PGlite.defaultStartParams), ...embeddedMemoryParams(sharedBuffersMb)],
  }).catch((error: unknown) => {
    lock?.release();
    throw error;
  });
  if (template) lock?.renew();
  if (durable) syncFilesToDisk(pglite);
  const dialect = new PGliteDialect(pglite);
  const db = new Kysely<Schema>({ dialect, ...statementLog(observeQuery, 'primary') });
  return {
    db,
    engine: 'pglite',
    poolUse: () => [{ pool: 'primary', ...dialect.use() }],
    async listen(channel, handler) {
      const unsubscribe = await pglite.listen(channel, handler);
      return async () => unsubscribe();
    },
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
      await pglite.close();
      lock?.release();
    },
    async dump() {
      // Holding the one connection, the dump falls between transactions (none is half-way, whoever runs them), and
      // a checkpoint first leaves the restored copy little WAL to replay. A running server takes online backups so.
      return db.connection().execute(async (connection) => {
        await sql`checkpoint`.execute(connection);
        return pglite.dumpDataDir('none');
      });
    },
  };
}

async function openPostgres(
  connectionString: string,
  readUrl: string | undefined,
  poolSize: number,
  timeouts: DatabaseTimeouts,
  observeQuery: QueryObserver | undefined,
): Promise<Database> {
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  // The server ends a statement that runs too long; the client gives up a little later on a server that does
  // not answer at all (stopped, partitioned), which no server-side timeout can catch.
  const clientConfig: pg.ClientConfig = {
    connectionString,
    types,
    keepAlive: true,
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    query_timeout: timeouts.statementMs + 1_000,
  };
  const pools: { pool: PoolUse['pool']; connections: pg.Pool }[] = [];
  const open = (url: string, role: PoolUse['pool']) => {
    // pg-pool applies `connectionTimeoutMillis` to the whole wait for a connection, a new one or a free one.
    const pool = new pg.Pool({ ...clientConfig, connectionString: url, connectionTimeoutMillis: Math.max(timeouts.acquireMs, timeouts.connectMs), max: poolSize });
    // An idle client that loses its connection must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    // Nor one that loses it while checked out between two statements (a transaction's, or during a network fault):
    // pg emits that on the client, with no listener but ours; the next statement on it fails, and the pool drops it.
    pool.on('connect', (client) => client.on('error', () => {}));
    pools.push({ pool: role, connections: pool });
    return new Kysely<Schema>({ dialect: new PostgresDialect({ pool }), ...statementLog(observeQuery, role) });
  };
  const db = open(connectionString, 'primary');
  const replica = readUrl ? open(readUrl, 'replica') : undefined;
  const readRouting = replica && new ReadRouting(db, replica);
  const listeners = new Set<ListenConnection>();
  const listen = async (channel: string, handler: (payload: string) => void, onReconnect?: () => void) => {
    const listener = new ListenConnection(clientConfig, channel, handler, onReconnect);
    await listener.open();
    listeners.add(listener);
    return async () => {
      listeners.delete(listener);
      await listener.close();
    };
  };
  if (readRouting) await listen(WRITES_CHANNEL, (payload) => readRouting.heard(payload));
  return {
    db,
    engine: 'postgres',
    ...(readRouting ? { readRouting } : {}),
    poolUse: () =>
      pools.map(({ pool, connections }) => ({ pool, total: connections.totalCount, idle: connections.idleCount, waiting: connections.waitingCount })),
    listen,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await Promise.all([...listeners].map((listener) => listener.close()));
      listeners.clear();
      await replica?.destroy();
      await db.destroy();
    },
  };
}
