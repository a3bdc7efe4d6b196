import { Type, type Static } from 'typebox';
import type { RoleRow } from '../../data/roles.js';
import type { UserRow } from '../../data/users.js';

/** A user as the RPC dialect shows it (ASP.NET Zero's user DTO). Never carries the password hash. */
export const UserDtoSchema = Type.Object({
  id: Type.Integer(),
  userName: Type.String(),
  name: Type.String(),
  surname: Type.String(),
  emailAddress: Type.String(),
  phoneNumber: Type.Union([Type.String(), Type.Null()]),
  isActive: Type.Boolean(),
  isEmailConfirmed: Type.Boolean(),
  shouldChangePasswordOnNextLogin: Type.Boolean(),
  isLockedOut: Type.Boolean(),
  isInvitationPending: Type.Boolean({ description: 'Invited (`CreateUser` with `sendActivationEmail` and no password) and not accepted yet.' }),
  roleNames: Type.Array(Type.String()),
  creationTime: Type.String({ format: 'date-time' }),
});
export type UserDto = Static<typeof UserDtoSchema>;

/** A role as `Platform/Role/GetRoles` lists it (ASP.NET Zero's RoleListDto). */
export const RoleDtoSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  displayName: Type.String(),
  isStatic: Type.Boolean(),
  isDefault: Type.Boolean(),
  creationTime: Type.String({ format: 'date-time' }),
  grantedPermissionNames: Type.Array(Type.String()),
  userCount: Type.Integer({ description: 'How many users hold the role.' }),
});
export type RoleDto = Static<typeof RoleDtoSchema>;

export function roleDto(row: RoleRow, userCount: number): RoleDto {
  return {
    id: row.id,
    name: row.name,
    displayName: row.display_name,
    isStatic: row.is_static,
    isDefault: row.is_default,
    creationTime: row.created_at.toISOString(),
    grantedPermissionNames: [...row.permissions].sort(),
    userCount,
  };
}

export function userDto(row: UserRow, roleNames: readonly string[], now = Date.now()): UserDto {
  return {
    id: row.id,
    userName: row.user_name,
    name: row.name,
    surname: row.surname,
    emailAddress: row.email,
    phoneNumber: row.phone,
    isActive: row.is_active,
    isEmailConfirmed: row.is_email_confirmed,
    shouldChangePasswordOnNextLogin: row.must_change_password,
    isLockedOut: row.lockout_end !== null && row.lockout_end.getTime() > now,
    isInvitationPending: row.invited_at !== null,
    roleNames: [...roleNames].sort(),
    creationTime: row.created_at.toISOString(),
  };
}
