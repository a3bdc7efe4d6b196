import { Type, type Static } from 'typebox';
import type { Data } from '../../data/index.js';
import { HOST_TENANT_ID, type Caller } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';

const UserLoginInfoSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  surname: Type.String(),
  userName: Type.String(),
  emailAddress: Type.String(),
});
const TenantLoginInfoSchema = Type.Union([Type.Object({ id: Type.Integer(), tenancyName: Type.String(), name: Type.String() }), Type.Null()]);

/**
 * `app/Session/GetCurrentLoginInformations`'s answer. In an impersonated session, ASP.NET Zero's `impersonatorUser`
 * and `impersonatorTenant` say who is signed in as the user (ABP's module-zero template: `impersonatorUserId`,
 * `impersonatorTenantId`); all four are null otherwise.
 */
export const CurrentLoginInformationsSchema = Type.Object({
  user: UserLoginInfoSchema,
  tenant: TenantLoginInfoSchema,
  permissions: Type.Array(Type.String()),
  impersonatorUser: Type.Union([UserLoginInfoSchema, Type.Null()]),
  impersonatorTenant: TenantLoginInfoSchema,
  impersonatorUserId: Type.Union([Type.Integer(), Type.Null()]),
  impersonatorTenantId: Type.Union([Type.Integer(), Type.Null()], { description: "The impersonator's tenant; null for the host, or without impersonation." }),
});
export type CurrentLoginInformations = Static<typeof CurrentLoginInformationsSchema>;

/** ABP's `Session/GetCurrentLoginInformations`: who the caller is, in which tenant, with which permissions, and who impersonates it. */
export async function currentLoginInformations(data: Data, caller: Caller): Promise<CurrentLoginInformations> {
  const [user, tenant] = await Promise.all([data.users.findById(caller.tenantId, caller.userId), tenantInfo(data, caller.tenantId)]);
  if (!user) throw AppError.unauthenticated();
  const { impersonator } = caller;
  const [impersonatorUser, impersonatorTenant] = impersonator
    ? await Promise.all([data.users.findById(impersonator.tenantId, impersonator.userId), tenantInfo(data, impersonator.tenantId)])
    : [undefined, null];
  return {
    user: userInfo(user),
    tenant,
    permissions: [...caller.permissions].sort(),
    impersonatorUser: impersonatorUser ? userInfo(impersonatorUser) : null,
    impersonatorTenant,
    impersonatorUserId: impersonator?.userId ?? null,
    impersonatorTenantId: impersonator && impersonator.tenantId !== HOST_TENANT_ID ? impersonator.tenantId : null,
  };
}

function userInfo(user: { id: number; name: string; surname: string; user_name: string; email: string }) {
  return { id: user.id, name: user.name, surname: user.surname, userName: user.user_name, emailAddress: user.email };
}

async function tenantInfo(data: Data, tenantId: number): Promise<Static<typeof TenantLoginInfoSchema>> {
  const tenant = tenantId === HOST_TENANT_ID ? undefined : await data.tenants.findLive(tenantId);
  return tenant ? { id: tenant.id, tenancyName: tenant.tenancy_name, name: tenant.name } : null;
}
