import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { userFields } from './schemas.js';
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
  input: Type.Object({
    ...userFields,
    password: Type.Optional(Type.Union([Type.String({ maxLength: 128 }), Type.Null()])),
    sendActivationEmail: Type.Optional(
      Type.Boolean({
        description:
          'With `password`: mail a link that confirms the address. Without: invite the user — no password is generated or answered, ' +
          'an invitation to `/account/accept-invitation` is mailed (single use, `INVITATION_HOURS`, 168), and the user cannot sign in before accepting it.',
      }),
    ),
  }),
  output: Type.Object({ ...UserDtoSchema.properties, generatedPassword: Type.Optional(Type.String()) }),
  async handle({ caller, input, services }) {
    return services.users.create(caller, input);
  },
});
