import type { Command } from 'commander';
import type { TenantRow } from '../../data/tenants.js';
import { MAX_PAGE_SIZE } from '../../domain/paging.js';
import { readRestCreation, rethrowInRestTerms } from '../../http/rest/tenant-fields.js';
import { generatePassword } from '../../services/security/passwords.js';
import type { TenantSort } from '../../services/tenants/search.js';
import { tenantRecords, type TenantRecord } from '../../http/rest/tenant-record.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { idArgument, wholeNumber, type CommandKit } from '../kit.js';
import { details, table, type Column } from '../output.js';
import { passwordHelp, readPassword, type PasswordOptions } from '../secrets.js';
import { registerTenantFiles } from './tenant-archive.js';

const tenantColumns: Column<TenantRow>[] = [
  { heading: 'id', value: (t) => t.id },
  { heading: 'tenancy name', value: (t) => t.tenancy_name },
  { heading: 'name', value: (t) => t.name },
  { heading: 'state', value: (t) => (t.deleted_at ? 'deleted' : t.is_active ? 'active' : 'suspended') },
  { heading: 'created', value: (t) => t.created_at },
];

/** `tenantry tenants …`: the tenant registry and lifecycle, through the same use cases as both APIs. */
export function registerTenants(program: Command, kit: CommandKit): Command {
  const tenants = program.command('tenants').description('list, inspect, create and change tenants');

  tenants
    .command('list')
    .description('list tenants; --filter takes the REST filter language (name contains \'acme\' AND active = true)')
    .option('--filter <expression>', 'AgileApps filter expression over the REST field names')
    .option('--sort <field:order...>', 'sort keys, e.g. created_at:desc name:asc', [])
    .option('--page <n>', '0-based page', wholeNumber(0), 0)
    .option('--page-size <n>', `rows per page (1 to ${MAX_PAGE_SIZE})`, wholeNumber(1), 50)
    .option('--include-deleted', 'also list soft-deleted tenants')
    .action(async (options: { filter?: string; sort: string[]; page: number; pageSize: number; includeDeleted?: boolean }, command: Command) => {
      const result = await kit.session(({ services, caller }) =>
        services.tenantSearch.search(caller, {
          filter: options.filter,
          sort: options.sort.map(sortKey),
          page: options.page,
          pageSize: options.pageSize,
          withTotal: true,
          includeDeleted: options.includeDeleted ?? false,
        }),
      );
      kit.output(command).result({ total: result.total, tenants: result.tenants }, (r) => `${table(r.tenants, tenantColumns)}${r.tenants.length} of ${r.total} tenants\n`);
    });

  tenants
    .command('show')
    .description("a live tenant's record, with the REST resource's fields")
    .argument('<id>', 'tenant id', idArgument())
    .action(async (id: number, _options: unknown, command: Command) => {
      const [record] = tenantRecords(await kit.session(({ services, caller }) => services.tenantRegistry.read(caller, id)));
      kit.output(command).result(recordObject(record!), (r) => details(Object.entries(r)));
    });

  tenants
    .command('create')
    .description('create a tenant with its admin user (the REST resource\'s create)')
    .requiredOption('--company <name>', 'company name (the tenancy name is derived from it)')
    .requiredOption('--email <address>', "the admin user's e-mail address")
    .requiredOption('--first-name <name>', "the admin user's first name")
    .requiredOption('--last-name <name>', "the admin user's last name")
    .option('--field <name=value...>', 'further REST fields, e.g. --field country=Germany time_zone=Europe/Berlin', [])
    .option('--password-stdin', passwordHelp("the admin's password").stdin)
    .option('--password-env <NAME>', passwordHelp("the admin's password").env)
    .action(async (options: { company: string; email: string; firstName: string; lastName: string; field: string[] } & PasswordOptions, command: Command) => {
      const password = await readPassword(kit.terminal, options);
      const generated = password === undefined ? generatePassword() : undefined;
      const fields: Record<string, string> = {
        company: options.company,
        email: options.email,
        first_name: options.firstName,
        last_name: options.lastName,
        password: password ?? generated!,
        ...Object.fromEntries(options.field.map(fieldPair)),
      };
      const { tenant, problems } = readRestCreation(fields, {});
      const created = await kit.session(({ services, caller }) => services.tenantRegistry.create(caller, tenant, problems).catch(rethrowInRestTerms));
      const output = kit.output(command);
      output.result(generated ? { ...created, generatedPassword: generated } : created, (c) => `Created tenant ${c.id} (${c.tenancyName}).\n`);
      if (generated && !output.json) output.note(`The admin's password, shown once: ${generated} (it must be changed at the first sign-in)`);
    });

  const lifecycle = [
    ['suspend', 'suspend a tenant: its users\' credentials end at once', 'suspended'],
    ['resume', 'resume a suspended tenant', 'resumed'],
    ['delete', 'soft-delete a tenant (restorable until it is purged)', 'deleted'],
    ['restore', 'bring a soft-deleted tenant back', 'restored'],
  ] as const;
  for (const [name, description, done] of lifecycle) {
    tenants
      .command(name)
      .description(description)
      .argument('<id>', 'tenant id', idArgument())
      .action(async (id: number, _options: unknown, command: Command) => {
        await kit.session(async ({ services, caller }) => {
          if (name === 'suspend' || name === 'resume') await services.tenantLifecycle.setActive(caller, id, name === 'resume');
          else if (name === 'delete') await services.tenantLifecycle.delete(caller, id);
          else await services.tenantLifecycle.restore(caller, id);
        });
        kit.output(command).result({ id, state: done }, () => `Tenant ${id} ${done}.`);
      });
  }

  tenants
    .command('purge')
    .description('erase a soft-deleted tenant and all its data for good')
    .argument('<id>', 'tenant id', idArgument())
    .option('--yes', 'confirm: the data cannot be brought back')
    .action(async (id: number, options: { yes?: boolean }, command: Command) => {
      if (!options.yes) throw new CliError('Purging erases the tenant for good; add --yes to confirm.', ExitCode.usage);
      await kit.session(({ services, caller }) => services.tenantPurge.purge(caller, id));
      kit.output(command).result({ id, state: 'purged' }, () => `Tenant ${id} purged.`);
    });

  registerTenantFiles(tenants, kit);
  return tenants;
}

function sortKey(text: string): TenantSort {
  const [field, order = 'asc'] = text.split(':');
  if (!field || (order !== 'asc' && order !== 'desc')) throw new CliError(`"${text}" is not a sort key (field or field:asc or field:desc).`, ExitCode.usage);
  return { field, order };
}

function fieldPair(text: string): [string, string] {
  const at = text.indexOf('=');
  if (at < 1) throw new CliError(`"${text}" is not a field (name=value).`, ExitCode.usage);
  return [text.slice(0, at), text.slice(at + 1)];
}

function recordObject(record: TenantRecord): Record<string, unknown> {
  return Object.fromEntries(record);
}
