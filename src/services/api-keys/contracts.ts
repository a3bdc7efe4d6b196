import { Type, type Static } from 'typebox';
import { MAX_INT4 } from '../../domain/paging.js';
import { Id, pagingArguments } from '../contract-fields.js';

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

const PathsInput = Type.Optional(
  Type.Union([Type.String({ maxLength: 8000 }), Type.Null()], {
    description:
      'Comma-separated API method paths (Module/Service/Method, with or without /api/services/, any case; or REST paths such as /networking/rest/tenant). Empty: any method.',
  }),
);

const ExpirationInput = Type.String({
  maxLength: 64,
  description: 'ISO 8601 date-time in the future, no later than 2038-01-19T03:14:07Z; without a zone it is UTC.',
});

/** A key's own rate limit; null: its tenant's (or the service's); absent: unchanged on Update, none on Generate. */
const LimitInput = (window: string) =>
  Type.Optional(
    Type.Union([Type.Integer({ minimum: 0, maximum: MAX_INT4 }), Type.Null()], {
      description: `Requests per ${window} this key may make (at most its tenant's limit unless the host sets it); 0 or null: the tenant's or the service's`,
    }),
  );

/** `Platform/ApiKey/Generate`'s input; `paths` empty or absent: any method. */
export const GenerateApiKeyInputSchema = Type.Object({
  name: Type.String({ maxLength: 1000, description: '1 to 128 characters' }),
  // Required: a key that never expires is the kind that leaks and keeps working.
  expirationDate: ExpirationInput,
  userId: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: MAX_INT4 }), Type.Null()], { description: '0 or absent: the caller' })),
  paths: PathsInput,
  rateLimitPerMinute: LimitInput('minute'),
  rateLimitPerDay: LimitInput('day'),
});
export type GenerateApiKeyInput = Static<typeof GenerateApiKeyInputSchema>;

/** `Platform/ApiKey/Update`'s input: absent fields are left as they are; `paths: ""` or null lifts the restriction. */
export const UpdateApiKeyInputSchema = Type.Object({
  id: Id(),
  name: Type.Optional(Type.String({ maxLength: 1000 })),
  expirationDate: Type.Optional(ExpirationInput),
  paths: PathsInput,
  rateLimitPerMinute: LimitInput('minute'),
  rateLimitPerDay: LimitInput('day'),
});
export type UpdateApiKeyInput = Static<typeof UpdateApiKeyInputSchema>;

/** A key's own rate limits as asked for: undefined leaves them (or, on Generate, none); null: the tenant's or service's. */
export type RequestedKeyLimits = Pick<UpdateApiKeyInput, 'rateLimitPerMinute' | 'rateLimitPerDay'>;

/** `Platform/ApiKey/GetAll`'s input; `userId` 0 or absent: every key the caller may see. */
export const ApiKeyListQuerySchema = Type.Object({
  userId: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_INT4 })),
  ...pagingArguments,
});
export type ApiKeyListQuery = Static<typeof ApiKeyListQuerySchema>;
