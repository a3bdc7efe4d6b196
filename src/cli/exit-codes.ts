import { CommanderError } from 'commander';
import { ConfigError } from '../config.js';
import { isAppError } from '../domain/errors.js';

/** What a `tenantry` command's exit status means, for scripts (README, "CLI"). */
export const ExitCode = {
  ok: 0,
  /** Anything else went wrong: the database is unreachable, a file cannot be written, an internal fault. */
  failure: 1,
  /** The command line or the input it names is wrong (unknown option, invalid value, bad archive). */
  usage: 2,
  /** The tenant, user, key or message named does not exist. */
  notFound: 3,
  /** The change collides with what exists (a taken tenancy name, a tenant that must be deleted first). */
  conflict: 4,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A failure a command reports itself, with its exit status. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.failure,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  if (error instanceof ConfigError) return ExitCode.usage;
  if (isAppError(error)) {
    if (error.code === 'not_found') return ExitCode.notFound;
    if (error.code === 'conflict') return ExitCode.conflict;
    if (error.code === 'validation') return ExitCode.usage;
  }
  return ExitCode.failure;
}

/** The error as one plain line: its message and the fields it names, never a stack. */
export function oneLine(error: unknown): string {
  if (error instanceof ConfigError) return `Invalid configuration: ${error.problems.join(' ')}`;
  if (isAppError(error)) {
    const message = error.code === 'internal' && error.cause instanceof Error ? error.cause.message : error.message;
    const fields = error.fields.filter((f) => f.message !== message).map((f) => `${f.field}: ${f.message}`);
    return flatten(fields.length > 0 ? `${message} (${fields.join('; ')})` : message);
  }
  return flatten(error instanceof Error ? error.message : String(error));
}

function flatten(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
