import type { Terminal } from './terminal.js';
import { CliError, ExitCode } from './exit-codes.js';

/** The options a command that takes a password offers: never the password itself on the command line. */
export interface PasswordOptions {
  passwordStdin?: boolean;
  passwordEnv?: string;
}

/**
 * The password the operator handed in through standard input (its first line) or a named environment variable;
 * undefined when neither was asked for (the service then generates one and answers it once). A password on the
 * command line would be seen by every user of the machine (`ps`) and kept in shell histories, so there is no
 * option for it.
 */
export async function readPassword(terminal: Terminal, options: PasswordOptions): Promise<string | undefined> {
  if (options.passwordStdin && options.passwordEnv) throw new CliError('Give the password either on standard input or in an environment variable, not both.', ExitCode.usage);
  if (options.passwordEnv) {
    const value = terminal.env[options.passwordEnv];
    if (!value) throw new CliError(`The environment variable ${options.passwordEnv} is not set.`, ExitCode.usage);
    return value;
  }
  if (!options.passwordStdin) return undefined;
  if (terminal.stdin.isTTY) throw new CliError('--password-stdin reads a pipe (echo … | tenantry …); on a terminal it would echo the password.', ExitCode.usage);
  const chunks: Buffer[] = [];
  for await (const chunk of terminal.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const first = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (!first) throw new CliError('Standard input held no password.', ExitCode.usage);
  return first;
}

/** Adds the password options to a command. */
export function passwordHelp(what: string): { stdin: string; env: string } {
  return { stdin: `read ${what} from the first line of standard input`, env: `read ${what} from the environment variable NAME` };
}
