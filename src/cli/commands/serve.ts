import type { Command } from 'commander';
import { runServer } from '../../server.js';
import type { CommandKit } from '../kit.js';
import { configOf } from '../session.js';

/** `tenantry serve`: the server itself, exactly as `npm start` runs it. */
export function registerServe(program: Command, kit: CommandKit): Command {
  return program
    .command('serve')
    .description('run the server (migrates the database first); SIGTERM drains and stops it')
    .action(async () => {
      await runServer(configOf(kit.terminal));
    });
}
