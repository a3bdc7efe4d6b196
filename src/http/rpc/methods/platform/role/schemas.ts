import { Type } from 'typebox';

/** The fields of a role as a caller writes them; rules (characters, permissions) are the service's. */
export const roleFields = {
  name: Type.String({ minLength: 1, maxLength: 64, description: 'What `roleNames` of the user methods name it by: a letter, then letters, digits, spaces and `. _ -`.' }),
  displayName: Type.String({ maxLength: 64, description: 'Shown to people; empty: the name.' }),
  isDefault: Type.Boolean({ description: 'Given to new users created without `roleNames`.' }),
  grantedPermissionNames: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50, description: 'From `Platform/Permission/GetAllPermissions`.' }),
};
