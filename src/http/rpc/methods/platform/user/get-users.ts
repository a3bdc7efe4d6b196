import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { UserListQuerySchema } from '../../../../../services/users/contracts.js';
import { UserDtoSchema } from '../../../../../services/users/user-dto.js';

export const getUsers = rpcMethod({
  path: 'Platform/User/GetUsers',
  summary: 'List the users of the caller’s tenant, one page at a time (the host: of any tenant, with `tenantId`)',
  description:
    'A host caller who also holds `Tenants.Manage` may name a `tenantId` to list that tenant’s users (a tenant naming another tenant: 403). ' +
    '`filter` matches, ignoring case, anywhere in the user name, name, surname or e-mail address. `sorting` takes ' +
    '`id`, `userName`, `name`, `surname`, `emailAddress`, `isActive`, `creationTime`, each optionally `asc`/`desc`.',
  auth: 'caller',
  input: UserListQuerySchema,
  output: Type.Object({ totalCount: Type.Integer(), items: Type.Array(UserDtoSchema) }),
  async handle({ caller, input, services }) {
    return services.users.list(caller, input);
  },
});
