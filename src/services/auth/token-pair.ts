import { CompactEncrypt } from 'jose';
import { createHash } from 'node:crypto';
import type { UserRow } from '../../data/users.js';
import { HOST_TENANT_ID, type CredentialOrigin } from '../../domain/caller.js';
import type { AccessTokens, ImpersonatorClaim } from '../security/access-tokens.js';
import type { TokenPair } from './token-contracts.js';

/** The session a token pair belongs to, as its access token's claims carry it. */
export interface PairedSession {
  id: string;
  expiresAt: Date;
  origin: CredentialOrigin;
  apiKey?: { tenantId: number; id: number } | null | undefined;
  impersonator?: ImpersonatorClaim | null | undefined;
}

/** Turns a session and its refresh token into ASP.NET Zero's token answer (access token, encrypted copy, lifetimes). */
export class TokenPairs {
  private readonly encryptionKey: Uint8Array;

  constructor(
    private readonly tokens: AccessTokens,
    tokenSecret: string,
  ) {
    this.encryptionKey = createHash('sha256').update(`encrypted-access-token:${tokenSecret}`).digest();
  }

  async issue(user: UserRow, session: PairedSession, refreshToken: string): Promise<TokenPair> {
    const sessionId = session.id;
    const claims = {
      userId: user.id,
      tenantId: user.tenant_id,
      sessionId,
      origin: session.origin,
      apiKey: session.apiKey ?? undefined,
      impersonator: session.impersonator ?? undefined,
    };
    const { token } = await this.tokens.issue(claims, Date.now(), session.expiresAt.getTime());
    // ABP hands out the access token encrypted as well, for transports that put it in a URL.
    const encryptedAccessToken = await new CompactEncrypt(new TextEncoder().encode(token))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .encrypt(this.encryptionKey);
    // Rounded up: a session created a moment ago (more so on a busy machine) still reports its whole lifetime.
    const sessionSeconds = Math.max(0, Math.ceil((session.expiresAt.getTime() - Date.now()) / 1000));
    return {
      accessToken: token,
      encryptedAccessToken,
      expireInSeconds: Math.min(this.tokens.expiresInSeconds, sessionSeconds),
      refreshToken,
      refreshTokenExpireInSeconds: sessionSeconds,
      userId: user.id,
      tenantId: user.tenant_id === HOST_TENANT_ID ? null : user.tenant_id,
      shouldResetPassword: user.must_change_password,
      sessionId,
    };
  }
}
