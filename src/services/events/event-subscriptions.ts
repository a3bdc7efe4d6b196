import type { Data } from '../../data/index.js';
import type { EventExecutionRow } from '../../data/event-executions.js';
import type { EventSubscriptionRow } from '../../data/event-subscriptions.js';
import { demand, type Caller } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import { eventNames, isEventName, webhookOrderingKey, type EventEnvelope, type WebhookMessage } from '../../domain/events.js';
import { recordAudit } from '../audit/record-audit.js';
import { transactionFor } from '../tenant-transaction.js';
import { enqueueDelivery } from './emit.js';
import type { EventExecutionView, EventSubscriptionView, SubscribedEvent } from './contracts.js';
import type { SubscriptionSecrets } from './subscription-secrets.js';
import { checkTargetUrl } from './target-urls.js';
import { Type, type Static } from 'typebox';
import { Id, pagingArguments } from '../contract-fields.js';

/** The original platform's text: its clients treat an error containing it as "the subscription is gone". */
const NOT_ACCESSIBLE = 'Event Subscription does not exist or is not accessible.';

/** `Platform/Event/Subscribe`'s input: which event, delivered to which URL. */
export const SubscribeInputSchema = Type.Object({
  eventName: Type.String({ maxLength: 200 }),
  targetUrl: Type.String({ maxLength: 4000 }),
});
export type SubscribeInput = Static<typeof SubscribeInputSchema>;

/** `Platform/Event/GetEventExecutions`' input: one subscription's deliveries, a page at a time. */
export const EventExecutionQuerySchema = Type.Object({ eventSubscriptionId: Id(), ...pagingArguments });
export type EventExecutionQuery = Static<typeof EventExecutionQuerySchema>;

/**
 * The Event API (`Platform/Event/*`): webhook subscriptions of the caller's tenant, their delivery log and
 * replays. A tenant admin's subscriptions hear that tenant's events; the host's hear every tenant's.
 * Managing them needs `Settings.Manage`; a subscription of another tenant is "not accessible", as if unknown.
 */
export class EventSubscriptions {
  constructor(
    private readonly data: Data,
    private readonly secrets: SubscriptionSecrets,
    private readonly options: { allowPrivateTargets: boolean },
  ) {}

  async subscribe(caller: Caller, input: SubscribeInput): Promise<SubscribedEvent> {
    demand(caller, 'Settings.Manage');
    const eventName = input.eventName.trim();
    if (!isEventName(eventName)) throw AppError.field('eventName', `There is no event "${eventName}". Events: ${eventNames.join(', ')}.`);
    const targetUrl = await checkTargetUrl(input.targetUrl, { allowPrivate: this.options.allowPrivateTargets });
    const secret = this.secrets.generate();
    const row = await transactionFor(this.data, caller, async (tx) => {
      const known = await tx.eventSubscriptions.list(caller.tenantId);
      if (known.some((s) => s.event_name === eventName && s.target_url.toLowerCase() === targetUrl.toLowerCase())) {
        throw AppError.conflict(`Such target url is already linked to event ${eventName}.`, [{ field: 'targetUrl', message: 'Such target url is already linked to event.' }]);
      }
      const inserted = await tx.eventSubscriptions.insert({
        tenantId: caller.tenantId,
        eventName,
        targetUrl,
        secretCiphertext: this.secrets.seal(secret),
        createdByUserId: caller.userId,
      });
      await recordAudit(tx, caller, { tenantId: caller.tenantId, action: 'event.subscribed', target: `event-subscription:${inserted.id}`, details: { eventName, targetUrl } });
      return inserted;
    });
    return { id: row.id, eventName: row.event_name, targetUrl: row.target_url, secret, creationTime: row.created_at.toISOString() };
  }

  async list(caller: Caller): Promise<EventSubscriptionView[]> {
    demand(caller, 'Settings.Manage');
    return (await this.data.eventSubscriptions.list(caller.tenantId)).map(view);
  }

  /** Ends a subscription: its pending deliveries are dropped and its log goes with it. */
  async unsubscribe(caller: Caller, id: number): Promise<void> {
    demand(caller, 'Settings.Manage');
    await transactionFor(this.data, caller, async (tx) => {
      if (!(await tx.eventSubscriptions.delete(caller.tenantId, id))) throw new AppError('not_found', NOT_ACCESSIBLE);
      await tx.outbox.dropPending(caller.tenantId, webhookOrderingKey(caller.tenantId, id));
      await recordAudit(tx, caller, { tenantId: caller.tenantId, action: 'event.unsubscribed', target: `event-subscription:${id}` });
    });
  }

  /** A new signing secret; the old one stops signing at once. */
  async rotateSecret(caller: Caller, id: number): Promise<SubscribedEvent> {
    demand(caller, 'Settings.Manage');
    const secret = this.secrets.generate();
    const row = await transactionFor(this.data, caller, async (tx) => {
      const found = await tx.eventSubscriptions.find(caller.tenantId, id);
      if (!found) throw new AppError('not_found', NOT_ACCESSIBLE);
      await tx.eventSubscriptions.replaceSecret(caller.tenantId, id, this.secrets.seal(secret));
      await recordAudit(tx, caller, { tenantId: caller.tenantId, action: 'event.secret_rotated', target: `event-subscription:${id}` });
      return found;
    });
    return { id: row.id, eventName: row.event_name, targetUrl: row.target_url, secret, creationTime: row.created_at.toISOString() };
  }

  /** The delivery log of one subscription, newest attempt first. */
  async executions(caller: Caller, query: EventExecutionQuery): Promise<{ totalCount: number; items: EventExecutionView[] }> {
    demand(caller, 'Settings.Manage');
    const subscription = await this.data.eventSubscriptions.find(caller.tenantId, query.eventSubscriptionId);
    if (!subscription) throw new AppError('not_found', NOT_ACCESSIBLE);
    const page = await this.data.eventExecutions.list(caller.tenantId, subscription.id, { skip: query.skipCount, take: query.maxResultCount });
    return { totalCount: page.total, items: page.items.map(executionView) };
  }

  /** Sends the event of a logged attempt to its subscription again, as a new delivery at the end of its queue. */
  async redeliver(caller: Caller, executionId: number): Promise<void> {
    demand(caller, 'Settings.Manage');
    await transactionFor(this.data, caller, async (tx) => {
      const execution = await tx.eventExecutions.find(caller.tenantId, executionId);
      if (!execution) throw AppError.notFound(`Event execution ${executionId}`);
      const message = await tx.outbox.find(caller.tenantId, execution.outbox_id);
      if (!message) throw AppError.conflict('The event of this execution is no longer kept; it cannot be delivered again.');
      const event: EventEnvelope = (message.payload as WebhookMessage).event;
      await enqueueDelivery(tx, caller.tenantId, execution.subscription_id, event);
      await recordAudit(tx, caller, { tenantId: caller.tenantId, action: 'event.redelivered', target: `event-subscription:${execution.subscription_id}`, details: { eventId: event.id } });
    });
  }
}

function view(row: EventSubscriptionRow): EventSubscriptionView {
  return {
    id: row.id,
    eventName: row.event_name,
    targetUrl: row.target_url,
    creationTime: row.created_at.toISOString(),
    secretRotationTime: row.secret_rotated_at.toISOString(),
  };
}

function executionView(row: EventExecutionRow): EventExecutionView {
  return {
    id: row.id,
    eventSubscriptionId: row.subscription_id,
    eventId: row.event_id,
    eventName: row.event_name,
    executionTime: row.started_at.toISOString(),
    attempt: row.attempt,
    succeeded: row.succeeded,
    statusCode: row.status_code,
    durationMs: row.duration_ms,
    error: row.error,
  };
}
