import { rm } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ServiceLog } from '../services/log.js';

/** The longest path of a Unix socket (Linux: 108 bytes with its terminating zero). */
const MAX_SOCKET_PATH = 107;

/**
 * Where a running server with the embedded engine takes online backups (`tenantry backup` beside it): a Unix
 * socket *beside* DATA_DIR, not in it (a socket inside would break the dump of the directory). Only its owner may
 * connect (mode 0600): the same people who could read DATA_DIR itself.
 */
export function backupSocketPath(dataDir: string): string {
  return path.join(path.dirname(dataDir), `.${path.basename(dataDir)}.backup.sock`);
}

export interface BackupSocket {
  close(): Promise<void>;
}

/**
 * Serves `POST /backup` over the backup socket: the whole embedded database as PGlite's tar dump, taken while the
 * server goes on serving (between two transactions; see `Database.dump`). Answers undefined, with a warning, when
 * the socket cannot be made (a read-only parent directory, a path too long): backups then need the server stopped.
 */
export async function listenForBackups(dataDir: string, dump: () => Promise<Blob>, log: ServiceLog): Promise<BackupSocket | undefined> {
  const socket = backupSocketPath(dataDir);
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH) {
    log.warn({ socket }, 'online backups are off: the path of their socket beside DATA_DIR is too long');
    return undefined;
  }
  let dumping: Promise<Blob> | undefined;
  const server = http.createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/backup') return response.writeHead(404).end();
    // Two operators asking at once share one dump.
    dumping ??= dump().finally(() => (dumping = undefined));
    dumping.then(
      (tar) => {
        response.writeHead(200, { 'content-type': 'application/x-tar', 'content-length': String(tar.size) });
        Readable.fromWeb(tar.stream() as Parameters<typeof Readable.fromWeb>[0]).pipe(response);
      },
      (error: unknown) => {
        log.error({ err: error }, 'an online backup failed');
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('The backup failed; see the server log.\n');
      },
    );
  });
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // Made with mode 0600 from the start (the process's umask for the moment the socket file is created).
      const umask = process.umask(0o177);
      try {
        server.listen(socket, () => {
          server.off('error', reject);
          resolve();
        });
      } finally {
        process.umask(umask);
      }
    });
  try {
    await listen().catch(async (error: NodeJS.ErrnoException) => {
      // A socket left by a server that died: this process holds DATA_DIR now (data-dir-lock.ts), so it is stale.
      if (error.code !== 'EADDRINUSE') throw error;
      await rm(socket, { force: true });
      await listen();
    });
  } catch (error) {
    log.warn({ err: error, socket }, 'online backups are off: their socket beside DATA_DIR could not be made');
    return undefined;
  }
  return { close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Asks the server that holds `dataDir` for an online backup; undefined when no server listens on its socket. */
export function requestBackup(dataDir: string): Promise<http.IncomingMessage | undefined> {
  return new Promise((resolve, reject) => {
    const request = http.request({ socketPath: backupSocketPath(dataDir), method: 'POST', path: '/backup' }, (response) => {
      if (response.statusCode === 200) return resolve(response);
      response.resume();
      reject(new Error(`the server answered ${response.statusCode} (see its log)`));
    });
    request.on('error', (error: NodeJS.ErrnoException) => (['ENOENT', 'ECONNREFUSED'].includes(error.code ?? '') ? resolve(undefined) : reject(error)));
    request.end();
  });
}
