import { Type } from 'typebox';

const nullableString = (options: { maxLength: number }) => Type.Union([Type.String(options), Type.Null()]);


export const RoleNamesSchema = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50 });

/** The editable fields of a user; lengths are checked again, with friendlier messages, by the service. */
export const userFields = {
  userName: Type.String({ minLength: 1, maxLength: 256 }),
  name: Type.String({ minLength: 1, maxLength: 64 }),
  surname: Type.String({ minLength: 1, maxLength: 64 }),
  emailAddress: Type.String({ minLength: 1, maxLength: 256 }),
  phoneNumber: Type.Optional(nullableString({ maxLength: 32 })),
  isActive: Type.Optional(Type.Boolean()),
  shouldChangePasswordOnNextLogin: Type.Optional(Type.Boolean()),
  roleNames: Type.Optional(RoleNamesSchema),
};
