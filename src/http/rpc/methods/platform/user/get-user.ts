import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { UserDtoSchema } from '../../../../../services/users/user-dto.js';
import { Id } from '../../../../../services/contract-fields.js';

export const getUser = rpcMethod({
  path: 'Platform/User/GetUser',
  summary: 'One user of the caller’s tenant (another tenant’s user id: 404)',
  auth: 'caller',
  input: Type.Object({ id: Id() }),
  output: UserDtoSchema,
  async handle({ caller, input, services }) {
    return services.users.get(caller, input.id);
  },
});
