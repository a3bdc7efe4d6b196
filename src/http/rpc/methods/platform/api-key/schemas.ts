import { Type } from 'typebox';
import { MAX_INT4 } from '../../../../../domain/paging.js';

export const PathsInput = Type.Optional(
  Type.Union([Type.String({ maxLength: 8000 }), Type.Null()], {
    description:
      'Comma-separated API method paths (Module/Service/Method, with or without /api/services/, any case; or REST paths such as /networking/rest/tenant). Empty: any method.',
  }),
);

export const ExpirationInput = Type.String({
  maxLength: 64,
  description: 'ISO 8601 date-time in the future, no later than 2038-01-19T03:14:07Z; without a zone it is UTC.',
});

/** A key's own rate limit; null: its tenant's (or the service's); absent: unchanged on Update, none on Generate. */
export const LimitInput = (window: string) =>
  Type.Optional(
    Type.Union([Type.Integer({ minimum: 0, maximum: MAX_INT4 }), Type.Null()], {
      description: `Requests per ${window} this key may make (at most its tenant's limit unless the host sets it); 0 or null: the tenant's or the service's`,
    }),
  );
