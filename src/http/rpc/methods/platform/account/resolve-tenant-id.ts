import { Type } from 'typebox';
import { limitSignIn } from '../../../../rate-limit.js';
import { rpcMethod } from '../../../define.js';

export const resolveTenantId = rpcMethod({
  path: 'Platform/Account/ResolveTenantId',
  verb: 'POST',
  summary: 'The id of the tenant a tenancy name names, or null',
  description:
    "ASP.NET Zero's `ResolveTenantIdInput.c` carries an installation-specific encrypted value; here `c` is the tenancy name " +
    'itself. Answers the id of a live, active tenant, or null (unknown, deleted, suspended, or nothing given). Anonymous; ' +
    'rate limited per client IP like sign-in.',
  auth: 'anonymous',
  input: Type.Object({ c: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])) }),
  output: Type.Union([Type.Integer(), Type.Null()]),
  async handle({ input, services, request, reply }) {
    await limitSignIn(request, reply, services);
    return services.tenantResolution.resolveId(input.c);
  },
});
