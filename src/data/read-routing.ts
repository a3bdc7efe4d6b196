import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type Kysely } from 'kysely';
import type { Schema } from './schema.js';

/** The channel on which instances tell each other where a reader's last write ended in the WAL. */
export const WRITES_CHANNEL = 'tenantry_reader_writes';

const MAX_READERS = 100_000;
/** A WAL position no replica reaches: its reader reads from the primary. */
const NEVER_REPLAYED = 'FFFFFFFF/FFFFFFFF';

/** `pg_lsn` text (`16/B374D848`) as a number that orders as the WAL does. */
function walPosition(lsn: string): bigint {
  const [high = '0', low = '0'] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/** A replica that failed to answer is left alone this long; the primary serves meanwhile. */
const REPLICA_REST_MS = 5_000;

/**
 * Sends read-only use cases to a streaming replica without ever showing a reader a state older than its own last
 * write (read-your-writes). A *reader* is whoever stands behind a request (a session, an API key; the HTTP layer
 * names it with `asReader`). After a reader's write transaction commits, the primary's WAL position is kept for
 * that reader, here and — through NOTIFY, sent before the writer answers — on every other instance; a read of
 * that reader goes to the replica only once `pg_last_wal_replay_lsn()` there has passed that position, else to
 * the primary. A reader who has written nothing (or nothing lately) reads from the replica as it stands.
 */
export class ReadRouting {
  private readonly scope = new AsyncLocalStorage<string>();
  private readonly lastWrite = new Map<string, string>();
  private replicaRestsUntil = 0;

  constructor(
    private readonly primary: Kysely<Schema>,
    private readonly replica: Kysely<Schema>,
  ) {}

  /** Runs `work` on behalf of `reader`, so that writes and reads within it are routed for that reader. */
  asReader<T>(reader: string, work: () => T): T {
    return this.scope.run(reader, work);
  }

  /** After a write transaction committed: where the reader's write ended, here and on every other instance. */
  async committed(): Promise<void> {
    const reader = this.scope.getStore();
    if (!reader) return;
    try {
      const { rows } = await sql<{ lsn: string }>`
        select pg_current_wal_lsn()::text as lsn, pg_notify(${WRITES_CHANNEL}, ${reader} || ' ' || pg_current_wal_lsn()::text)`.execute(this.primary);
      this.remember(reader, rows[0]!.lsn);
    } catch {
      // The write is committed and must not be reported as failed; without its position, this reader reads from
      // the primary until its next write.
      this.remember(reader, NEVER_REPLAYED);
    }
  }

  /** A notification from another instance (`<reader> <lsn>`). */
  heard(payload: string): void {
    const at = payload.lastIndexOf(' ');
    if (at > 0) this.remember(payload.slice(0, at), payload.slice(at + 1));
  }

  /** The handle a read-only use case of the current reader runs on. */
  async reader(): Promise<Kysely<Schema>> {
    if (Date.now() < this.replicaRestsUntil) return this.primary;
    const reader = this.scope.getStore();
    const lsn = reader === undefined ? undefined : this.lastWrite.get(reader);
    try {
      const { rows } = await sql<{ ready: boolean | null }>`
        select pg_is_in_recovery() and (${lsn ?? null}::pg_lsn is null or pg_last_wal_replay_lsn() >= ${lsn ?? null}::pg_lsn) as ready`.execute(this.replica);
      return rows[0]?.ready ? this.replica : this.primary;
    } catch {
      this.replicaRestsUntil = Date.now() + REPLICA_REST_MS;
      return this.primary;
    }
  }

  private remember(reader: string, lsn: string): void {
    const known = this.lastWrite.get(reader);
    if (known !== undefined && walPosition(known) >= walPosition(lsn)) return;
    this.lastWrite.delete(reader);
    if (this.lastWrite.size >= MAX_READERS) this.lastWrite.delete(this.lastWrite.keys().next().value!);
    this.lastWrite.set(reader, lsn);
  }
}
