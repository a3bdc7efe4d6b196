import type { Command } from 'commander';
import { CliError, ExitCode } from '../exit-codes.js';
import { idArgument, type CommandKit } from '../kit.js';
import { table } from '../output.js';

/** `tenantry outbox …`: what waits to be delivered (mail, webhooks), what was given up, and retrying it. */
export function registerOutbox(program: Command, kit: CommandKit): Command {
  const outbox = program.command('outbox').description('the transactional outbox (e-mail and webhook deliveries)');

  outbox
    .command('status')
    .description('pending and given-up messages per topic, the oldest wait, and the latest failures')
    .action(async (_options: unknown, command: Command) => {
      const status = await kit.session(({ services, caller }) => services.outbox.status(caller));
      kit.output(command).result(status, (s) =>
        [
          table(s.topics, [
            { heading: 'topic', value: (t) => t.topic },
            { heading: 'pending', value: (t) => t.pending },
            { heading: 'failed', value: (t) => t.failed },
            { heading: 'oldest pending (s)', value: (t) => Math.round(t.oldestPendingSeconds) },
          ]),
          s.recentFailures.length === 0
            ? ''
            : `\nLatest given-up messages:\n${table(s.recentFailures, [
                { heading: 'tenant', value: (m) => m.tenantId },
                { heading: 'id', value: (m) => m.id },
                { heading: 'topic', value: (m) => m.topic },
                { heading: 'attempts', value: (m) => m.attempts },
                { heading: 'failed', value: (m) => m.failedAt },
                { heading: 'error', value: (m) => m.lastError?.slice(0, 80) },
              ])}`,
        ].join(''),
      );
    });

  outbox
    .command('retry')
    .description('deliver given-up messages again, with fresh attempts (after fixing their cause)')
    .option('--all', 'every given-up message')
    .option('--tenant <id>', "only this tenant's messages", idArgument(true))
    .option('--id <id>', 'only this message (with --tenant)', idArgument())
    .option('--topic <topic>', 'only this topic (mail, event, webhook)')
    .action(async (options: { all?: boolean; tenant?: number; id?: number; topic?: string }, command: Command) => {
      const narrowed = options.tenant !== undefined || options.id !== undefined || options.topic !== undefined;
      if (!options.all && !narrowed) throw new CliError('Say which messages to retry: --all, or --tenant, --id and/or --topic.', ExitCode.usage);
      if (options.id !== undefined && options.tenant === undefined) throw new CliError('--id needs --tenant (message ids are per tenant).', ExitCode.usage);
      const count = await kit.session(({ services, caller }) => services.outbox.retry(caller, { tenantId: options.tenant, id: options.id, topic: options.topic }));
      if (count === 0 && options.id !== undefined) throw new CliError(`Message ${options.id} of tenant ${options.tenant} is not a given-up message.`, ExitCode.notFound);
      kit.output(command).result({ retried: count }, () => `${count} messages will be delivered again.`);
    });

  return outbox;
}
