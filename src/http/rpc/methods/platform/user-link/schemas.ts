import { Type } from 'typebox';

/** ASP.NET Zero's LinkedUserDto. */
export const LinkedUserSchema = Type.Object({
  id: Type.Integer(),
  tenantId: Type.Union([Type.Integer(), Type.Null()]),
  tenancyName: Type.String(),
  username: Type.String(),
});
