import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { ExpirationInput, LimitInput, PathsInput } from './schemas.js';
import { GeneratedApiKeySchema } from '../../../../../services/api-keys/contracts.js';
import { MAX_INT4 } from '../../../../../domain/paging.js';

export const generateApiKey = rpcMethod({
  path: 'Platform/ApiKey/Generate',
  summary: 'Create an API key for the caller, or for another user of the tenant',
  description:
    'The key is answered once and never again (only a hash is stored). It acts as its user, with that user’s current permissions, ' +
    'until `expirationDate` (required). `userId` other than your own needs `ApiKeys.ManageAll`. API keys, and sessions opened through one, cannot generate keys.',
  auth: 'caller',
  carriesCredential: true,
  input: Type.Object({
    name: Type.String({ maxLength: 1000, description: '1 to 128 characters' }),
    expirationDate: ExpirationInput,
    userId: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: MAX_INT4 }), Type.Null()], { description: '0 or absent: the caller' })),
    paths: PathsInput,
    rateLimitPerMinute: LimitInput('minute'),
    rateLimitPerDay: LimitInput('day'),
  }),
  output: GeneratedApiKeySchema,
  async handle({ caller, input, services }) {
    return services.apiKeys.generate(caller, input);
  },
});
