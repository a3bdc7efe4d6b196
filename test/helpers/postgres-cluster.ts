import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.js';

const BIN = '/usr/lib/postgresql/15/bin';

/** Whether this machine can build throw-away PostgreSQL clusters (the server's programs, and root to run them as `postgres`). */
export const canBuildClusters = existsSync(path.join(BIN, 'initdb')) && process.getuid?.() === 0;
export const CLUSTER_SKIP_REASON = 'needs PostgreSQL 15 server binaries and root (to run throw-away clusters as the postgres user)';

/** Runs a PostgreSQL program as the `postgres` OS user (initdb and the server refuse to run as root). */
function asPostgres(program: string, args: string[]): void {
  execFileSync('runuser', ['-u', 'postgres', '--', path.join(BIN, program), ...args], { stdio: 'ignore' });
}

/** A directory the `postgres` user may write, for a test's clusters; remove it with `rmSync` when done. */
export function clusterParentDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tenantry-cluster-'));
  chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), 0);
  return dir;
}

export async function query(url: string, text: string): Promise<any[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

/**
 * A PostgreSQL 15 cluster of a test's own (initdb into a temporary directory, its own port): it can be stopped,
 * restarted and frozen without touching the shared server other tests use.
 */
export class PostgresCluster {
  private constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly socketDir: string,
  ) {}

  /** A new, empty cluster in `parent` (see clusterParentDir), started. */
  static async init(parent: string, name: string): Promise<PostgresCluster> {
    const cluster = new PostgresCluster(path.join(parent, name), await freePort(), parent);
    asPostgres('initdb', ['-D', cluster.dataDir, '--auth=trust', '-U', 'postgres']);
    cluster.start();
    return cluster;
  }

  /** A streaming replica of `primary` (pg_basebackup -R), started. */
  static async replicaOf(primary: PostgresCluster, parent: string, name: string): Promise<PostgresCluster> {
    const replica = new PostgresCluster(path.join(parent, name), await freePort(), parent);
    asPostgres('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', replica.dataDir, '-R', '-X', 'stream']);
    replica.start();
    return replica;
  }

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Starts the server and answers once it accepts connections. */
  start(): void {
    asPostgres('pg_ctl', ['-D', this.dataDir, '-o', `-p ${this.port} -k ${this.socketDir} -c listen_addresses=127.0.0.1`, '-l', `${this.dataDir}.log`, '-w', 'start']);
  }

  /** `fast`: clients are disconnected and the server shuts down cleanly; `immediate`: as a crash (recovery on the next start). */
  stop(mode: 'fast' | 'immediate'): void {
    if (existsSync(path.join(this.dataDir, 'postmaster.pid'))) asPostgres('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', 'stop']);
  }

  /** The postmaster and every process it started (backends, checkpointer, WAL writer, …). */
  private processes(): number[] {
    const postmaster = Number(readFileSync(path.join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((pid) => {
        try {
          // The parent pid is the 2nd field after the command in parentheses.
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
        } catch {
          return false; // ended meanwhile
        }
      })
      .map(Number);
    return [postmaster, ...children];
  }

  /**
   * Freezes the server with SIGSTOP: the postmaster first (so that it starts no new backend), then everything it
   * started. Connections stay open and nothing answers, as a hung machine or a partition looks to a client.
   */
  freeze(): void {
    for (const pid of this.processes()) process.kill(pid, 'SIGSTOP');
  }

  thaw(): void {
    for (const pid of this.processes()) process.kill(pid, 'SIGCONT');
  }

  /** Stops the server (thawing it first, if frozen) and removes its data directory. */
  destroy(): void {
    if (existsSync(path.join(this.dataDir, 'postmaster.pid'))) {
      try {
        this.thaw();
      } catch {
        // already gone
      }
    }
    this.stop('immediate');
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
