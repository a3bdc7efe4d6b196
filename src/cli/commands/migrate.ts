import type { Command } from 'commander';
import { migrateToLatest, pendingMigrations } from '../../data/migrator.js';
import type { CommandKit } from '../kit.js';
import { configOf, openConfiguredDatabase } from '../session.js';

/** `tenantry migrate` (and `npm run migrate`): brings the configured database's schema up to this version. */
export function registerMigrate(program: Command, kit: CommandKit): Command {
  return program
    .command('migrate')
    .description("apply pending migrations to the configured database (the server also does this at start)")
    .option('--dry-run', 'list the migrations that would run, and change nothing')
    .action(async (options: { dryRun?: boolean }, command: Command) => {
      const config = configOf(kit.terminal);
      const database = await openConfiguredDatabase(kit.terminal, config);
      try {
        const pending = await pendingMigrations(database);
        const output = kit.output(command);
        if (options.dryRun) {
          output.result({ pending }, (r) => (r.pending.length ? `Would apply: ${r.pending.join(', ')}` : 'The schema is up to date.'));
          return;
        }
        const result = await migrateToLatest(database);
        const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
        output.result({ applied }, (r) => (r.applied.length ? `Applied: ${r.applied.join(', ')}` : 'The schema is up to date.'));
      } finally {
        await database.close();
      }
    });
}
