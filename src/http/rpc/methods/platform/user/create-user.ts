import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { CreateUserInputSchema } from '../../../../../services/users/contracts.js';
import { UserDtoSchema } from '../../../../../services/users/user-dto.js';

export const createUser = rpcMethod({
  path: 'Platform/User/CreateUser',
  summary: 'Create a user in the caller’s tenant (host callers: a host user)',
  description:
    'The password must satisfy the tenant’s policy (a 400 naming each broken rule under `password`). Without `password` and ' +
    'with `sendActivationEmail: true` the user is invited by e-mail to choose one. Otherwise, without `password` the server generates one, answers it once as `generatedPassword` (it is never stored or ' +
    'mailed in clear) and requires the user to change it at the next sign-in. Without `roleNames` the tenant’s ' +
    'default roles are assigned. User name and e-mail address are unique in the tenant (409 naming the field). ' +
    'No caller grants a role carrying a permission it does not hold (403). Through an API key (or a session opened ' +
    'through one) no role carrying any permission can be granted and no `password` given (403), and a generated ' +
    'password is not answered: the new user gets in through a login link, bounded by that key.',
  auth: 'caller',
  carriesCredential: true,
  input: CreateUserInputSchema,
  output: Type.Object({ ...UserDtoSchema.properties, generatedPassword: Type.Optional(Type.String()) }),
  async handle({ caller, input, services }) {
    return services.users.create(caller, input);
  },
});
