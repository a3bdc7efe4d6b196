import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/**
 * Kysely dialect over an embedded PGlite database. PGlite is a single connection, so the driver hands out
 * that one connection to one holder at a time: a transaction keeps it from `begin` to `commit`, and every
 * other query waits its turn. The SQL is PostgreSQL's, so Kysely's PostgreSQL adapter and compiler apply.
 */
export class PGliteDialect implements Dialect {
  private driver: PGliteDriver | undefined;

  constructor(private readonly pglite: PGlite) {}

  /** The one connection as a pool of one: whether it is free, and how many holders wait for it (the metrics' pool use). */
  use(): { total: number; idle: number; waiting: number } {
    return { total: 1, idle: this.driver?.held ? 0 : 1, waiting: this.driver?.waiting ?? 0 };
  }

  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    this.driver = new PGliteDriver(this.pglite);
    return this.driver;
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // As on PostgreSQL's simple protocol, a query without parameters may hold several statements (the last answers).
    if (query.parameters.length === 0 && query.sql.includes(';')) {
      const results = await this.pglite.exec(query.sql);
      return { rows: (results.at(-1)?.rows ?? []) as R[] };
    }
    const result = await this.pglite.query<R>(query.sql, query.parameters as unknown[]);
    const affected = result.affectedRows;
    return affected === undefined ? { rows: result.rows } : { rows: result.rows, numAffectedRows: BigInt(affected) };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported on the embedded database.');
  }
}

export class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection;
  /** The tail of the queue of holders waiting for the connection. */
  private queue: Promise<void> = Promise.resolve();
  private releaseCurrent: (() => void) | undefined;
  /** Holders queued behind the current one. */
  waiting = 0;

  constructor(pglite: PGlite) {
    this.connection = new PGliteConnection(pglite);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    this.waiting++;
    await previous;
    this.waiting--;
    this.releaseCurrent = release;
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await connection.executeQuery(CompiledQuery.raw(`begin${isolation}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  get held(): boolean {
    return this.releaseCurrent !== undefined;
  }

  async releaseConnection(): Promise<void> {
    const release = this.releaseCurrent;
    this.releaseCurrent = undefined;
    release?.();
  }

  async destroy(): Promise<void> {
    await this.queue;
  }
}
