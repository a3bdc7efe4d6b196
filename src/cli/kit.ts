import { InvalidArgumentError, type Command } from 'commander';
import { Output } from './output.js';
import { withSession, type CliSession } from './session.js';
import type { Terminal } from './terminal.js';

/** What every command's action is given: the terminal, its answer's form and the services. */
export interface CommandKit {
  terminal: Terminal;
  /** The output of the running command, JSON when `--json` was given anywhere on the line. */
  output(command: Command): Output;
  session<T>(work: (session: CliSession) => Promise<T>): Promise<T>;
}

export function commandKit(terminal: Terminal): CommandKit {
  return {
    terminal,
    output: (command) => new Output(terminal, Boolean(command.optsWithGlobals().json)),
    session: (work) => withSession(terminal, work),
  };
}

/** Commander's parser of a whole number argument from `min` up. */
export function wholeNumber(min = 0): (value: string) => number {
  return (value) => {
    if (!/^\d{1,15}$/.test(value) || Number(value) < min) throw new InvalidArgumentError(`Must be a whole number from ${min}.`);
    return Number(value);
  };
}

/** An id argument: a whole number from 1 (the host, 0, where `allowHost`). */
export function idArgument(allowHost = false): (value: string) => number {
  return wholeNumber(allowHost ? 0 : 1);
}
