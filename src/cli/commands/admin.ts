import type { Command } from 'commander';
import { ADMIN_ROLE } from '../../services/host-bootstrap.js';
import type { CliSession } from '../session.js';
import { CliError, ExitCode } from '../exit-codes.js';
import type { CommandKit } from '../kit.js';
import { passwordHelp, readPassword, type PasswordOptions } from '../secrets.js';

/** `tenantry admin …`: the host's administrators, for the first start and for a forgotten password. */
export function registerAdmin(program: Command, kit: CommandKit): Command {
  const admin = program.command('admin').description("the host's administrators");
  const help = passwordHelp('the password');

  admin
    .command('create')
    .description('create a host administrator (role Admin); without a password one is generated and shown once')
    .requiredOption('--user-name <name>', 'user name to sign in with')
    .requiredOption('--email <address>', 'e-mail address')
    .option('--name <name>', 'first name', 'Admin')
    .option('--surname <surname>', 'surname', 'Host')
    .option('--password-stdin', help.stdin)
    .option('--password-env <NAME>', help.env)
    .action(async (options: { userName: string; email: string; name: string; surname: string } & PasswordOptions, command: Command) => {
      const password = await readPassword(kit.terminal, options);
      const created = await kit.session(({ services, caller }) =>
        services.users.create(caller, {
          userName: options.userName,
          emailAddress: options.email,
          name: options.name,
          surname: options.surname,
          password,
          roleNames: [ADMIN_ROLE],
        }),
      );
      const { generatedPassword, ...user } = created;
      const output = kit.output(command);
      output.result(user, (u) => `Created host administrator ${u.userName} (id ${u.id}).`);
      if (generatedPassword) output.note(`The password, shown once: ${generatedPassword} (it must be changed at the first sign-in)`);
    });

  admin
    .command('reset-password')
    .description("set a host user's password (every session and key of the user ends); without one it is generated")
    .argument('<user>', 'user name or e-mail address of a host user')
    .option('--password-stdin', help.stdin)
    .option('--password-env <NAME>', help.env)
    .option('--must-change', 'the user must choose a new password at the next sign-in')
    .action(async (userName: string, options: PasswordOptions & { mustChange?: boolean }, command: Command) => {
      const password = await readPassword(kit.terminal, options);
      const result = await kit.session(async (session) => {
        const userId = await hostUserId(session, userName);
        const reset = await session.services.passwords.reset(session.caller, { userId, newPassword: password, shouldChangePasswordOnNextLogin: options.mustChange ?? false });
        return { userId, ...reset };
      });
      const output = kit.output(command);
      output.result({ userId: result.userId, userName }, () => `The password of ${userName} was reset; their sessions and API keys have ended.`);
      if (result.generatedPassword) output.note(`The new password, shown once: ${result.generatedPassword} (it must be changed at the first sign-in)`);
    });

  return admin;
}

/** The id of the live host user with this user name or e-mail address (ignoring case). */
async function hostUserId({ services, caller }: CliSession, nameOrEmail: string): Promise<number> {
  const wanted = nameOrEmail.trim().toLowerCase();
  const page = await services.users.list(caller, { filter: nameOrEmail.trim(), skipCount: 0, maxResultCount: 100 });
  const user = page.items.find((u) => u.userName.toLowerCase() === wanted || u.emailAddress.toLowerCase() === wanted);
  if (!user) throw new CliError(`There is no host user "${nameOrEmail}".`, ExitCode.notFound);
  return user.id;
}
