import type { Data } from '../../data/index.js';
import type { FailedOutboxMessage, OutboxRetrySelection, OutboxTopicStatus } from '../../data/outbox-status.js';
import { demand, HOST_TENANT_ID, type Caller } from '../../domain/caller.js';
import { recordAudit } from '../audit/record-audit.js';

/** The most given-up messages a status lists; the counts cover them all. */
const FAILED_LISTED = 50;

export interface OutboxStatus {
  topics: OutboxTopicStatus[];
  recentFailures: FailedOutboxMessage[];
}

/**
 * The outbox as operators see it (`tenantry outbox status|retry`): what waits, what was given up and why, and
 * a second chance for given-up messages once their cause (a receiver down, a bad SMTP password) is fixed.
 */
export class OutboxOperations {
  constructor(private readonly data: Data) {}

  async status(caller: Caller): Promise<OutboxStatus> {
    demand(caller, 'Settings.Manage');
    return { topics: await this.data.outboxStatus.byTopic(), recentFailures: await this.data.outboxStatus.listFailed(FAILED_LISTED) };
  }

  /** Makes the selected given-up messages due again with fresh attempts; answers how many. */
  async retry(caller: Caller, selection: OutboxRetrySelection): Promise<number> {
    demand(caller, 'Settings.Manage');
    return this.data.transaction(async (tx) => {
      const count = await tx.outboxStatus.retryFailed(selection);
      await recordAudit(tx, caller, { tenantId: HOST_TENANT_ID, action: 'outbox.retried', target: null, details: { ...selection, count } });
      return count;
    });
  }
}
