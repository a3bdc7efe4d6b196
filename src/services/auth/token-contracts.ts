import { Type, type Static } from 'typebox';
import { orNull } from '../contract-fields.js';

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

/** A token pair as the service makes it: the answer, and the session it opened (never sent). */
export type TokenPair = Static<typeof TokenPairSchema> & { sessionId: string };

/**
 * ASP.NET Zero's `AuthenticateResultModel`: the token pair, or — for a user who signs in with two factors and
 * gave no code — no tokens (nulls) and `requiresTwoFactorVerification: true` with the providers to ask.
 */
export const AuthenticateResultSchema = Type.Object({
  accessToken: orNull(Type.String()),
  encryptedAccessToken: orNull(Type.String()),
  expireInSeconds: Type.Integer(),
  refreshToken: orNull(Type.String()),
  refreshTokenExpireInSeconds: Type.Integer(),
  userId: Type.Integer(),
  tenantId: orNull(Type.Integer()),
  shouldResetPassword: Type.Boolean(),
  requiresTwoFactorVerification: Type.Boolean(),
  twoFactorAuthProviders: orNull(Type.Array(Type.String())),
  twoFactorRememberClientToken: orNull(Type.String({ description: 'Given with `rememberClient`: send it as `twoFactorRememberClientToken` to skip the code next time.' })),
});
export type AuthenticateResult = Static<typeof AuthenticateResultSchema>;
