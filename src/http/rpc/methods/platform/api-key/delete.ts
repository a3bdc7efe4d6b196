import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { Id } from '../../../../../services/contract-fields.js';

export const deleteApiKey = rpcMethod({
  path: 'Platform/ApiKey/Delete',
  summary: 'Delete an API key: it stops working at once, on every instance',
  description: 'The key ends for good, and so does every session opened through a login link the key obtained. API keys, and sessions opened through one, cannot delete keys.',
  auth: 'caller',
  input: Type.Object({ id: Id() }),
  output: null,
  async handle({ caller, input, services }) {
    await services.apiKeys.delete(caller, input.id);
  },
});
