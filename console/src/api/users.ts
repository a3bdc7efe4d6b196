import { api, unwrap } from './client';
import type { paths } from './schema';

type Json<T> = T extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : never;

/** A user as `Platform/User/GetUsers` lists it. */
export type User = Json<paths['/api/services/Platform/User/GetUsers']['get']>['items'][number];
/** A role as `Platform/Role/GetRoles` lists it. */
export type Role = Json<paths['/api/services/Platform/Role/GetRoles']['get']>['items'][number];
export type UserInput = NonNullable<paths['/api/services/Platform/User/CreateUser']['post']['requestBody']>['content']['application/json'];
export type RoleInput = NonNullable<paths['/api/services/Platform/Role/CreateRole']['post']['requestBody']>['content']['application/json'];

/** The user and role methods the users and roles pages call. */
export const users = {
  list: (filter: string, skipCount: number, maxResultCount: number) =>
    unwrap(api.GET('/api/services/Platform/User/GetUsers', { params: { query: { ...(filter ? { filter } : {}), sorting: 'userName asc', skipCount, maxResultCount } } })),
  create: (body: UserInput) => unwrap(api.POST('/api/services/Platform/User/CreateUser', { body })),
  update: (body: Partial<UserInput> & { id: number }) => unwrap(api.PUT('/api/services/Platform/User/UpdateUser', { body })),
  remove: (id: number) => unwrap(api.DELETE('/api/services/Platform/User/DeleteUser', { params: { query: { id } } })),
  unlock: (id: number) => unwrap(api.POST('/api/services/Platform/User/UnlockUser', { body: { id } })),
  /** The public account method mails an invited user's invitation again (or an unconfirmed address's link). */
  resendInvitation: (emailAddress: string, tenancyName: string | null) =>
    unwrap(api.POST('/api/services/Platform/Account/SendEmailActivationLink', { body: { emailAddress, ...(tenancyName ? { tenancyName } : {}) } })),
};

export const roles = {
  list: () => unwrap(api.GET('/api/services/Platform/Role/GetRoles', {})),
  permissions: () => unwrap(api.GET('/api/services/Platform/Permission/GetAllPermissions', {})),
  create: (body: RoleInput) => unwrap(api.POST('/api/services/Platform/Role/CreateRole', { body })),
  update: (body: Partial<RoleInput> & { id: number }) => unwrap(api.PUT('/api/services/Platform/Role/UpdateRole', { body })),
  remove: (id: number) => unwrap(api.DELETE('/api/services/Platform/Role/DeleteRole', { params: { query: { id } } })),
};
