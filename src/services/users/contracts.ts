import { Type, type Static } from 'typebox';
import { Id, orNull, pagingArguments, sortingArgument, TenantId } from '../contract-fields.js';

export const RoleNamesSchema = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50 });

/** The editable fields of a user; lengths are checked again, with friendlier messages, by the service. */
const userFields = {
  userName: Type.String({ minLength: 1, maxLength: 256 }),
  name: Type.String({ minLength: 1, maxLength: 64 }),
  surname: Type.String({ minLength: 1, maxLength: 64 }),
  emailAddress: Type.String({ minLength: 1, maxLength: 256 }),
  phoneNumber: Type.Optional(orNull(Type.String({ maxLength: 32 }))),
  isActive: Type.Optional(Type.Boolean()),
  shouldChangePasswordOnNextLogin: Type.Optional(Type.Boolean()),
  // Absent: the tenant's default roles (on create) or the user's roles as they are (on update); empty: no role.
  roleNames: Type.Optional(RoleNamesSchema),
};

/** `Platform/User/CreateUser`'s input. */
export const CreateUserInputSchema = Type.Object({
  ...userFields,
  // Absent: a password is generated and answered once (see `CreatedUser`), or, with `sendActivationEmail`, the user is invited.
  password: Type.Optional(Type.Union([Type.String({ maxLength: 128 }), Type.Null()])),
  sendActivationEmail: Type.Optional(
    Type.Boolean({
      description:
        'With `password`: mail a link that confirms the address. Without: invite the user — no password is generated or answered, ' +
        'an invitation to `/account/accept-invitation` is mailed (single use, `INVITATION_HOURS`, 168), and the user cannot sign in before accepting it.',
    }),
  ),
});
export type CreateUserInput = Static<typeof CreateUserInputSchema>;

/** `Platform/User/UpdateUser`'s input, a partial update: absent fields stay as they are. */
export const UpdateUserInputSchema = Type.Object({
  id: Id(),
  userName: Type.Optional(userFields.userName),
  name: Type.Optional(userFields.name),
  surname: Type.Optional(userFields.surname),
  emailAddress: Type.Optional(userFields.emailAddress),
  phoneNumber: userFields.phoneNumber,
  isActive: userFields.isActive,
  shouldChangePasswordOnNextLogin: userFields.shouldChangePasswordOnNextLogin,
  roleNames: userFields.roleNames,
});
export type UpdateUserInput = Static<typeof UpdateUserInputSchema>;

/** `Platform/User/GetUsers`'s input. */
export const UserListQuerySchema = Type.Object({
  tenantId: Type.Optional(TenantId({ description: 'Host callers only: whose users (absent: the caller’s own tenant).' })),
  filter: Type.Optional(Type.String({ maxLength: 256 })),
  sorting: sortingArgument,
  ...pagingArguments,
});
export type UserListQuery = Static<typeof UserListQuerySchema>;

/** `Platform/User/ChangePassword`'s input: the caller's own password, and the new one. */
export const OwnPasswordChangeSchema = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 128 }),
  newPassword: Type.String({ minLength: 1, maxLength: 128 }),
});
export type OwnPasswordChange = Static<typeof OwnPasswordChangeSchema>;

/** `Platform/User/ResetPassword`'s input; `newPassword` absent or empty: a password is generated and answered once. */
export const ResetPasswordInputSchema = Type.Object({
  userId: Id(),
  newPassword: Type.Optional(Type.Union([Type.String({ maxLength: 128 }), Type.Null()])),
  shouldChangePasswordOnNextLogin: Type.Boolean({ default: false }),
});
export type ResetPasswordInput = Static<typeof ResetPasswordInputSchema>;

/** The fields of a role as a caller writes them; rules (characters, permissions) are the service's. */
const roleFields = {
  name: Type.String({ minLength: 1, maxLength: 64, description: 'What `roleNames` of the user methods name it by: a letter, then letters, digits, spaces and `. _ -`.' }),
  displayName: Type.String({ maxLength: 64, description: 'Shown to people; empty: the name.' }),
  isDefault: Type.Boolean({ description: 'Given to new users created without `roleNames`.' }),
  grantedPermissionNames: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50, description: 'From `Platform/Permission/GetAllPermissions`.' }),
};

/** `Platform/Role/CreateRole`'s input. */
export const CreateRoleInputSchema = Type.Object({
  name: roleFields.name,
  displayName: Type.Optional(roleFields.displayName),
  isDefault: Type.Optional(roleFields.isDefault),
  grantedPermissionNames: roleFields.grantedPermissionNames,
});
export type CreateRoleInput = Static<typeof CreateRoleInputSchema>;

/** `Platform/Role/UpdateRole`'s input, a partial change: absent fields stay as they are. */
export const UpdateRoleInputSchema = Type.Object({
  id: Id(),
  name: Type.Optional(roleFields.name),
  displayName: Type.Optional(roleFields.displayName),
  isDefault: Type.Optional(roleFields.isDefault),
  grantedPermissionNames: Type.Optional(roleFields.grantedPermissionNames),
});
export type UpdateRoleInput = Static<typeof UpdateRoleInputSchema>;
