import { Type } from 'typebox';

/** What ASP.NET Zero's TokenAuth answers on sign-in, refresh and account switch. */
export const TokenPairSchema = Type.Object({
  accessToken: Type.String(),
  encryptedAccessToken: Type.String(),
  expireInSeconds: Type.Integer(),
  refreshToken: Type.String(),
  refreshTokenExpireInSeconds: Type.Integer(),
  userId: Type.Integer(),
  tenantId: Type.Union([Type.Integer(), Type.Null()]),
  shouldResetPassword: Type.Boolean(),
});
