import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { ApiKeyListQuerySchema, ApiKeySchema } from '../../../../../services/api-keys/contracts.js';

export const getAllApiKeys = rpcMethod({
  path: 'Platform/ApiKey/GetAll',
  summary: 'List API keys (never the keys themselves), newest first',
  description: 'Your own keys; with `ApiKeys.ManageAll` every key of your tenant, or one user’s with `userId`.',
  auth: 'caller',
  input: ApiKeyListQuerySchema,
  output: Type.Object({ totalCount: Type.Integer(), items: Type.Array(ApiKeySchema) }),
  async handle({ caller, input, services }) {
    return services.apiKeys.list(caller, input);
  },
});
