import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { CurrentLoginInformationsSchema } from '../../../../../services/auth/current-login.js';

export const getCurrentLoginInformations = rpcMethod({
  path: 'app/Session/GetCurrentLoginInformations',
  summary: 'Who the caller is: user, tenant (null for the host) and permissions',
  auth: 'caller',
  openBeforeTwoFactorEnrolment: true,
  input: Type.Object({}),
  output: CurrentLoginInformationsSchema,
  async handle({ caller, services }) {
    return services.session.currentLoginInformations(caller);
  },
});
