import { Type, type Static } from 'typebox';

const DateTime = Type.String({ description: 'ISO 8601 date-time (UTC)' });

/** A subscription as `Platform/Event/GetSubscriptions` lists it (never its secret). */
export const EventSubscriptionSchema = Type.Object({
  id: Type.Integer(),
  eventName: Type.String(),
  targetUrl: Type.String(),
  creationTime: DateTime,
  secretRotationTime: DateTime,
});
export type EventSubscriptionView = Static<typeof EventSubscriptionSchema>;

/** `Subscribe` and `RotateSecret` answer the signing secret: the only time it is shown. */
export const SubscribedEventSchema = Type.Object({
  id: Type.Integer(),
  eventName: Type.String(),
  targetUrl: Type.String(),
  secret: Type.String({ description: 'The signing secret of `Tenantry-Signature` (docs/events.md). Shown once.' }),
  creationTime: DateTime,
});
export type SubscribedEvent = Static<typeof SubscribedEventSchema>;

/** One delivery attempt, as the delivery log shows it. */
export const EventExecutionSchema = Type.Object({
  id: Type.Integer(),
  eventSubscriptionId: Type.Integer(),
  eventId: Type.String(),
  eventName: Type.String(),
  executionTime: DateTime,
  attempt: Type.Integer({ description: '1 for the first attempt of a delivery, 2 for its first retry…' }),
  succeeded: Type.Boolean(),
  statusCode: Type.Union([Type.Integer(), Type.Null()], { description: "The receiver's HTTP status; null when none came" }),
  durationMs: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()]),
});
export type EventExecutionView = Static<typeof EventExecutionSchema>;
