import { rpcMethod } from '../../../define.js';
import { ApiKeySchema, UpdateApiKeyInputSchema } from '../../../../../services/api-keys/contracts.js';

export const updateApiKey = rpcMethod({
  path: 'Platform/ApiKey/Update',
  summary: 'Rename an API key, move its expiration or change its paths',
  description:
    'Fields left out stay as they are; `paths` empty or null lifts the restriction. Changes apply at once on every instance. ' +
    'An expired key cannot be changed. API keys, and sessions opened through one, cannot change keys.',
  auth: 'caller',
  input: UpdateApiKeyInputSchema,
  output: ApiKeySchema,
  async handle({ caller, input, services }) {
    return services.apiKeys.update(caller, input);
  },
});
