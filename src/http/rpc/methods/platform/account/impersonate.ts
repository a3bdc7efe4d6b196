import { rpcMethod } from '../../../define.js';
import { ImpersonateOutputSchema, ImpersonateInputSchema } from '../../../../../services/auth/impersonation.js';

export const impersonate = rpcMethod({
  path: 'Platform/Account/Impersonate',
  summary: 'A single-use token, valid one minute, that signs you in as another user (ASP.NET Zero impersonation)',
  description:
    'Redeem `impersonationToken` at `POST /api/TokenAuth/ImpersonatedAuthenticate`. `tenantId` null or absent: a host ' +
    'user. A host user may impersonate any user; a tenant user only users of its own tenant (403 otherwise). Refused: ' +
    'yourself (400), an unknown user or tenant (404), an inactive user or a suspended tenant (409), a user holding a ' +
    'permission you do not hold (403), and — no cascading — an impersonated session, an API key, or a session opened ' +
    'through a login link (403). Every step is audited.',
  auth: 'caller',
  carriesCredential: true,
  input: ImpersonateInputSchema,
  output: ImpersonateOutputSchema,
  async handle({ caller, input, services }) {
    return services.impersonation.impersonate(caller, input);
  },
});
