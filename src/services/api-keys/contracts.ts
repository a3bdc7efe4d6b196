import { Type, type Static } from 'typebox';

/** ISO 8601 date-time strings in UTC, as ABP serialises `DateTime`. */
const DateTime = Type.String({ description: 'ISO 8601 date-time (UTC)' });

/** Comma-separated method paths the key is restricted to; null when it may call any method. */
const Paths = Type.Union([Type.String(), Type.Null()], { description: 'Comma-separated method paths; null: any method' });

/** A key's own limit (requests per window); null: its tenant's, else the service's default. */
const OwnLimit = (window: string) =>
  Type.Union([Type.Integer(), Type.Null()], { description: `The key's own limit of requests per ${window}; null: its tenant's, else the service's` });

/** `Platform/ApiKey/Generate`'s documented answer: the only time the key is shown. */
export const GeneratedApiKeySchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  key: Type.String({ description: 'The API key. Shown once: only a hash of it is stored.' }),
  expirationDate: DateTime,
  creationTime: DateTime,
  userId: Type.Integer(),
  userName: Type.String(),
  paths: Paths,
});
export type GeneratedApiKey = Static<typeof GeneratedApiKeySchema>;

/** A key as `GetAll` shows it: never the key itself, but its first characters so people can tell keys apart. */
export const ApiKeySchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  expirationDate: DateTime,
  creationTime: DateTime,
  userId: Type.Integer(),
  userName: Type.String(),
  paths: Paths,
  keyPrefix: Type.String({ description: 'The start of the key (tnt_<tenant>_<id>_ and four characters)' }),
  lastUsedTime: Type.Union([DateTime, Type.Null()], { description: 'Last use, recorded at most once a minute' }),
  rateLimitPerMinute: OwnLimit('minute'),
  rateLimitPerDay: OwnLimit('day'),
});
export type ApiKeyView = Static<typeof ApiKeySchema>;
