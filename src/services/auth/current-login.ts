import { Type, type Static } from 'typebox';
import type { Data } from '../../data/index.js';
import { HOST_TENANT_ID, type Caller } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';

/** `app/Session/GetCurrentLoginInformations`'s answer. */
export const CurrentLoginInformationsSchema = Type.Object({
  user: Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    surname: Type.String(),
    userName: Type.String(),
    emailAddress: Type.String(),
  }),
  tenant: Type.Union([Type.Object({ id: Type.Integer(), tenancyName: Type.String(), name: Type.String() }), Type.Null()]),
  permissions: Type.Array(Type.String()),
});
export type CurrentLoginInformations = Static<typeof CurrentLoginInformationsSchema>;

/** ABP's `Session/GetCurrentLoginInformations`: who the caller is, in which tenant, with which permissions. */
export async function currentLoginInformations(data: Data, caller: Caller): Promise<CurrentLoginInformations> {
  const user = await data.users.findById(caller.tenantId, caller.userId);
  if (!user) throw AppError.unauthenticated();
  const tenant = caller.tenantId === HOST_TENANT_ID ? undefined : await data.tenants.findLive(caller.tenantId);
  return {
    user: { id: user.id, name: user.name, surname: user.surname, userName: user.user_name, emailAddress: user.email },
    tenant: tenant ? { id: tenant.id, tenancyName: tenant.tenancy_name, name: tenant.name } : null,
    permissions: [...caller.permissions].sort(),
  };
}
