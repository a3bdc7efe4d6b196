import { Type } from 'typebox';
import { limitSignIn } from '../../../../rate-limit.js';
import { rpcMethod } from '../../../define.js';

export const isTenantAvailable = rpcMethod({
  path: 'Platform/Account/IsTenantAvailable',
  verb: 'POST',
  summary: 'Whether a tenancy name names a tenant that can sign in (before sign-in)',
  description:
    "ABP's `TenantAvailabilityState`: `state` 1 (available: `tenantId` and `serverRootAddress` given), 2 (suspended) or 3 " +
    '(not found — a deleted tenant too). Anonymous; rate limited per client IP like sign-in (429 with Retry-After).',
  auth: 'anonymous',
  input: Type.Object({ tenancyName: Type.String({ minLength: 1, maxLength: 64 }) }),
  output: Type.Object({
    state: Type.Integer({ minimum: 1, maximum: 3 }),
    tenantId: Type.Union([Type.Integer(), Type.Null()]),
    serverRootAddress: Type.Union([Type.String(), Type.Null()]),
  }),
  async handle({ input, services, request, reply }) {
    await limitSignIn(request, reply, services);
    return services.tenantResolution.availability(input.tenancyName);
  },
});
