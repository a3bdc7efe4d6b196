import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { LinkedUserSchema, LinkedUserQuerySchema } from '../../../../../services/links/user-links.js';

export const getLinkedUsers = rpcMethod({
  path: 'Platform/UserLink/GetLinkedUsers',
  summary: 'The accounts linked to yours, one page at a time',
  description: '`sorting` takes `tenancyName` and `userName`, each optionally followed by `asc` or `desc`.',
  auth: 'caller',
  input: LinkedUserQuerySchema,
  output: Type.Object({ totalCount: Type.Integer(), items: Type.Array(LinkedUserSchema) }),
  async handle({ caller, input, services }) {
    return services.userLinks.list(caller, input);
  },
});
