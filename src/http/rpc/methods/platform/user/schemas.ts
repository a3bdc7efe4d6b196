import { Type } from 'typebox';

const nullableString = (options: { maxLength: number }) => Type.Union([Type.String(options), Type.Null()]);

/** A user as the RPC dialect shows it; never the password hash. */
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
  roleNames: Type.Array(Type.String()),
  creationTime: Type.String({ format: 'date-time' }),
});

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
