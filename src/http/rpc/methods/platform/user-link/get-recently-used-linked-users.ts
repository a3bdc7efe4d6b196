import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { LinkedUserSchema } from '../../../../../services/links/user-links.js';

export const getRecentlyUsedLinkedUsers = rpcMethod({
  path: 'Platform/UserLink/GetRecentlyUsedLinkedUsers',
  summary: 'Up to three accounts linked to yours (as ASP.NET Zero: the first three by tenancy and user name)',
  auth: 'caller',
  input: Type.Object({}),
  output: Type.Object({ items: Type.Array(LinkedUserSchema) }),
  async handle({ caller, services }) {
    return services.userLinks.recentlyUsed(caller);
  },
});
