import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { Id } from '../../../../../services/contract-fields.js';

export const unlockUser = rpcMethod({
  path: 'Platform/User/UnlockUser',
  summary: 'End the lockout of a user of the caller’s tenant after too many failed sign-ins',
  auth: 'caller',
  input: Type.Object({ id: Id() }),
  output: null,
  async handle({ caller, input, services }) {
    await services.users.unlock(caller, input.id);
  },
});
