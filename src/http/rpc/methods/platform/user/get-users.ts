import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { pagingArguments, sortingArgument } from '../../paging.js';
import { UserDtoSchema } from '../../../../../services/users/user-dto.js';

export const getUsers = rpcMethod({
  path: 'Platform/User/GetUsers',
  summary: 'List the users of the caller’s tenant, one page at a time',
  description:
    '`filter` matches, ignoring case, anywhere in the user name, name, surname or e-mail address. `sorting` takes ' +
    '`id`, `userName`, `name`, `surname`, `emailAddress`, `isActive`, `creationTime`, each optionally `asc`/`desc`.',
  auth: 'caller',
  permission: 'Users.Manage',
  input: Type.Object({
    filter: Type.Optional(Type.String({ maxLength: 256 })),
    sorting: sortingArgument,
    ...pagingArguments,
  }),
  output: Type.Object({ totalCount: Type.Integer(), items: Type.Array(UserDtoSchema) }),
  async handle({ caller, input, services }) {
    return services.users.list(caller, input);
  },
});
