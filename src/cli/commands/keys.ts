import type { Command } from 'commander';
import type { ApiKeyListing } from '../../data/api-keys.js';
import { idArgument, wholeNumber, type CommandKit } from '../kit.js';
import { table, type Column } from '../output.js';

const keyColumns: Column<ApiKeyListing>[] = [
  { heading: 'id', value: (k) => k.id },
  { heading: 'prefix', value: (k) => k.prefix },
  { heading: 'name', value: (k) => k.name },
  { heading: 'user', value: (k) => k.user_name },
  { heading: 'expires', value: (k) => k.expires_at },
  { heading: 'last used', value: (k) => k.last_used_at },
];

/** `tenantry keys …`: any tenant's API keys, listed by their prefixes (never their secrets) and revoked. */
export function registerKeys(program: Command, kit: CommandKit): Command {
  const keys = program.command('keys').description("a tenant's API keys");

  keys
    .command('list')
    .description("a tenant's live API keys, newest first")
    .requiredOption('--tenant <id>', 'tenant id (0: the host)', idArgument(true))
    .option('--user <id>', 'only the keys of this user', idArgument())
    .option('--page <n>', '0-based page', wholeNumber(0), 0)
    .option('--page-size <n>', 'rows per page', wholeNumber(1), 100)
    .action(async (options: { tenant: number; user?: number; page: number; pageSize: number }, command: Command) => {
      const page = await kit.session(({ services, caller }) =>
        services.hostApiKeys.list(caller, options.tenant, { userId: options.user, skip: options.page * options.pageSize, take: options.pageSize }),
      );
      kit.output(command).result(page, (p) => `${table(p.items, keyColumns)}${p.items.length} of ${p.total} keys\n`);
    });

  keys
    .command('revoke')
    .description('revoke an API key: it stops working at once on every instance')
    .argument('<id>', 'key id (the second number of tnt_<tenant>_<id>_…)', idArgument())
    .requiredOption('--tenant <id>', 'tenant id of the key (the first number)', idArgument(true))
    .action(async (id: number, options: { tenant: number }, command: Command) => {
      await kit.session(({ services, caller }) => services.hostApiKeys.revoke(caller, options.tenant, id));
      kit.output(command).result({ tenantId: options.tenant, id, revoked: true }, () => `API key ${id} of tenant ${options.tenant} revoked.`);
    });

  return keys;
}
