import type { Data, Queries } from '../../data/index.js';
import type { UserRow } from '../../data/users.js';
import { HOST_TENANT_ID, type Caller } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import type { CredentialGate } from './credential-gate.js';
import { subject } from './credential-gate.js';
import { formatTenantToken, hashSecret, newId, parseTenantToken, randomSecret, secretMatches } from './secrets.js';

/** What a single-use token is for; a token redeemed for another purpose is refused. */
export type OneTimePurpose =
  | 'auto_login'
  | 'account_switch'
  | 'email_confirmation'
  | 'password_reset'
  | 'invitation'
  /** `Account/Impersonate`: signs the impersonator in as the user. */
  | 'impersonation'
  /** `Account/BackToImpersonator`: returns the impersonator to its own session. */
  | 'back_to_impersonator';

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

export interface RedeemedToken {
  /** The token's tenant and id, to use it up later (`useUp`). */
  tenantId: number;
  id: string;
  expiresAt: Date;
  user: UserRow;
  issuedByTenantId: number | null;
  issuedByUserId: number | null;
  purpose: OneTimePurpose;
  /** The impersonator's own session an impersonation token (or the token back) hangs off. */
  impersonatorSessionId: string | null;
  /** The API key the token was obtained through, if any: the session it opens is bounded by that key. */
  viaApiKey: { tenantId: number; id: number } | null;
}

/**
 * Single-use secrets (login links, account-switch tokens, e-mail links): random, stored hashed, bound to a
 * user and tenant, expiring, and used up by the first redemption — a second one, a wrong purpose, or a user
 * or tenant that can no longer act all fail the same way.
 */
export class OneTimeTokens {
  constructor(
    private readonly data: Data,
    private readonly gate: CredentialGate,
  ) {}

  /** Issues a token inside the caller's transaction (so it exists only if the surrounding change commits). */
  async issue(
    tx: Queries,
    input: {
      tenantId: number;
      userId: number;
      purpose: OneTimePurpose;
      lifetimeSeconds: number;
      issuedBy?: Caller | null;
      /** Whether the token carries the issuer's API key bound (a link an API key asked for), or opens a session of its own. */
      bounded?: boolean;
      /** The impersonator's own session (an impersonation token, or the token back to the impersonator). */
      impersonatorSessionId?: string | null;
    },
  ): Promise<IssuedToken> {
    const id = newId();
    const secret = randomSecret();
    const expiresAt = new Date(Date.now() + input.lifetimeSeconds * 1000);
    await tx.oneTimeTokens.insert({
      tenantId: input.tenantId,
      id,
      userId: input.userId,
      purpose: input.purpose,
      tokenHash: hashSecret(secret),
      expiresAt,
      issuedByTenantId: input.issuedBy?.tenantId ?? null,
      issuedByUserId: input.issuedBy?.userId ?? null,
      viaApiKey: input.bounded ? (input.issuedBy?.apiKey ?? null) : null,
      impersonatorSessionId: input.impersonatorSessionId ?? null,
    });
    return { token: formatTenantToken({ tenantId: input.tenantId, id, secret }), expiresAt };
  }

  /** Uses the token up and answers its (still live) user; throws `unauthenticated` for anything else. */
  async redeem(token: string, purpose: OneTimePurpose | readonly OneTimePurpose[]): Promise<RedeemedToken> {
    const checked = await this.check(token, purpose);
    if (!(await this.data.oneTimeTokens.consume(checked.tenantId, checked.id))) throw invalidLink();
    return checked;
  }

  /**
   * Answers what a token is for without using it up — the token must be unused, unexpired, of this purpose and of a
   * user who can still act — so a change it authorises can be validated first and the token used up in that change's
   * transaction (`useUp`). Throws `refusal()` (by default `unauthenticated`) for anything else, the same way each time.
   */
  async check(token: string, purpose: OneTimePurpose | readonly OneTimePurpose[], refusal: () => AppError = invalidLink): Promise<RedeemedToken> {
    const purposes: readonly string[] = typeof purpose === 'string' ? [purpose] : purpose;
    const parsed = parseTenantToken(token.trim());
    if (!parsed) throw refusal();
    const row = await this.data.oneTimeTokens.find(parsed.tenantId, parsed.id);
    if (!row || !purposes.includes(row.purpose) || !secretMatches(parsed.secret, row.token_hash)) throw refusal();
    if (row.used_at || row.expires_at.getTime() <= Date.now()) throw refusal();
    const user = await this.data.users.findById(row.tenant_id, row.user_id);
    const tenantBlocked = row.tenant_id !== HOST_TENANT_ID && this.gate.isBlocked(subject.tenant(row.tenant_id));
    if (!user || !user.is_active || tenantBlocked || !(row.tenant_id === HOST_TENANT_ID || (await this.data.tenants.isUsable(row.tenant_id)))) {
      throw refusal();
    }
    const viaApiKey = row.via_api_key_id === null ? null : { tenantId: row.via_api_key_tenant_id!, id: row.via_api_key_id };
    return {
      tenantId: row.tenant_id,
      id: row.id,
      expiresAt: row.expires_at,
      user,
      issuedByTenantId: row.issued_by_tenant_id,
      issuedByUserId: row.issued_by_user_id,
      purpose: row.purpose as OneTimePurpose,
      impersonatorSessionId: row.impersonator_session_id,
      viaApiKey,
    };
  }

  /** Uses a checked token up inside the change it authorises; the loser of a race gets `refusal()` and its change rolls back. */
  async useUp(tx: Queries, token: RedeemedToken, refusal: () => AppError = invalidLink): Promise<void> {
    if (!(await tx.oneTimeTokens.consume(token.tenantId, token.id))) throw refusal();
  }
}

function invalidLink(): AppError {
  return AppError.unauthenticated('This link is invalid, has expired or has already been used.');
}
