import { rpcMethod } from '../../../define.js';
import { GenerateApiKeyInputSchema, GeneratedApiKeySchema } from '../../../../../services/api-keys/contracts.js';

export const generateApiKey = rpcMethod({
  path: 'Platform/ApiKey/Generate',
  summary: 'Create an API key for the caller, or for another user of the tenant',
  description:
    'The key is answered once and never again (only a hash is stored). It acts as its user, with that user’s current permissions, ' +
    'until `expirationDate` (required). `userId` other than your own needs `ApiKeys.ManageAll`. API keys, and sessions opened through one, cannot generate keys.',
  auth: 'caller',
  carriesCredential: true,
  input: GenerateApiKeyInputSchema,
  output: GeneratedApiKeySchema,
  async handle({ caller, input, services }) {
    return services.apiKeys.generate(caller, input);
  },
});
