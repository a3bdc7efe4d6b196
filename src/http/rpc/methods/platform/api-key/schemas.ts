import { Type } from 'typebox';


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
