import type { UserRow } from '../../data/users.js';
import { HOST_TENANT_ID } from '../../domain/caller.js';
import { TWO_FACTOR_PROVIDERS } from '../two-factor/two-factor.js';
import type { AuthenticateResult, TokenPair } from './token-contracts.js';

export function twoFactorRequired(user: UserRow): AuthenticateResult {
  return {
    accessToken: null,
    encryptedAccessToken: null,
    expireInSeconds: 0,
    refreshToken: null,
    refreshTokenExpireInSeconds: 0,
    userId: user.id,
    tenantId: user.tenant_id === HOST_TENANT_ID ? null : user.tenant_id,
    shouldResetPassword: false,
    requiresTwoFactorVerification: true,
    twoFactorAuthProviders: [...TWO_FACTOR_PROVIDERS],
    twoFactorRememberClientToken: null,
  };
}

/** A complete sign-in's answer: the token pair, and the remember-client token when one was asked for. */
export function signedIn(pair: TokenPair, twoFactorRememberClientToken: string | null): AuthenticateResult {
  return { ...pair, requiresTwoFactorVerification: false, twoFactorAuthProviders: null, twoFactorRememberClientToken };
}
