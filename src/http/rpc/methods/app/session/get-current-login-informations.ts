import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';

export const getCurrentLoginInformations = rpcMethod({
  path: 'app/Session/GetCurrentLoginInformations',
  summary: 'Who the caller is: user, tenant (null for the host) and permissions',
  auth: 'caller',
  input: Type.Object({}),
  output: Type.Object({
    user: Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      surname: Type.String(),
      userName: Type.String(),
      emailAddress: Type.String(),
    }),
    tenant: Type.Union([Type.Object({ id: Type.Integer(), tenancyName: Type.String(), name: Type.String() }), Type.Null()]),
    permissions: Type.Array(Type.String()),
  }),
  async handle({ caller, services }) {
    return services.session.currentLoginInformations(caller);
  },
});
