import type { Command } from 'commander';
import cluster from 'node:cluster';
import { createLogger } from '../../http/logging.js';
import { runServer } from '../../server.js';
import { runWorkers } from '../../workers.js';
import type { CommandKit } from '../kit.js';
import { configOf } from '../session.js';

/** `tenantry serve`: the server itself, exactly as `npm start` runs it (WORKERS > 1: forks them; each runs `serve`). */
export function registerServe(program: Command, kit: CommandKit): Command {
  return program
    .command('serve')
    .description('run the server (migrates the database first); SIGTERM drains and stops it')
    .action(async () => {
      const config = configOf(kit.terminal);
      if (config.workers > 1 && cluster.isPrimary) await runWorkers(config, createLogger(config));
      else await runServer(config);
    });
}
