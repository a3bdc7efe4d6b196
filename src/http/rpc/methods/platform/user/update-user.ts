import { rpcMethod } from '../../../define.js';
import { UpdateUserInputSchema } from '../../../../../services/users/contracts.js';
import { UserDtoSchema } from '../../../../../services/users/user-dto.js';

export const updateUser = rpcMethod({
  path: 'Platform/User/UpdateUser',
  summary: 'Change a user of the caller’s tenant; absent fields stay as they are',
  description:
    '`isActive: false` ends every session, refresh token, API key and unused login link of the user at once and for ' +
    'good; reactivating revives none of them (the user signs in again and generates new keys). `roleNames` replaces the user’s roles, effective at once. The last active admin cannot be ' +
    'deactivated or lose the Admin role (409); nobody can deactivate themselves.',
  auth: 'caller',
  input: UpdateUserInputSchema,
  output: UserDtoSchema,
  async handle({ caller, input, services }) {
    return services.users.update(caller, input);
  },
});
