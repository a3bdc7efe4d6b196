import type { Config } from '../../config.js';
import type { Queries } from '../../data/index.js';
import type { UserRow } from '../../data/users.js';
import { HOST_TENANT_ID, type Caller } from '../../domain/caller.js';
import { MAIL_TOPIC } from '../../domain/mail.js';
import type { AuditSource } from '../audit/record-audit.js';
import { recordAudit } from '../audit/record-audit.js';
import type { OneTimeTokens } from '../security/one-time-tokens.js';
import { accountMail, type AccountMailKind } from './account-mail-templates.js';

/** Where each kind of link leads (the console's account pages) and the name its code travels under (ABP's). */
const PAGES: Record<AccountMailKind, { path: string; code: string }> = {
  password_reset: { path: '/account/reset-password', code: 'resetCode' },
  email_confirmation: { path: '/account/confirm-email', code: 'confirmationCode' },
  invitation: { path: '/account/accept-invitation', code: 'invitationCode' },
};

/**
 * The single-use codes account e-mails carry, and the e-mails themselves: a code is issued (random, stored hashed,
 * expiring) and its mail enqueued in the caller's transaction, so neither exists unless the change commits.
 */
export class AccountMail {
  constructor(
    private readonly config: Config,
    private readonly tokens: OneTimeTokens,
  ) {}

  /** Issues a code of this kind for the user and answers the link that carries it (for a mail of someone else's). */
  async link(tx: Queries, user: UserRow, kind: AccountMailKind, issuedBy?: Caller | null): Promise<{ link: string; lifetime: string }> {
    const seconds = this.lifetimeSeconds(kind);
    const { token } = await this.tokens.issue(tx, { tenantId: user.tenant_id, userId: user.id, purpose: kind, lifetimeSeconds: seconds, issuedBy: issuedBy ?? null });
    const page = PAGES[kind];
    const query = new URLSearchParams({ userId: String(user.id), [page.code]: token });
    return { link: `${this.config.publicUrl}${page.path}?${query}`, lifetime: inWords(seconds) };
  }

  /** Issues a code, enqueues its e-mail to the user's address and records that it was sent. */
  async send(tx: Queries, user: UserRow, kind: AccountMailKind, by: AuditSource, issuedBy?: Caller | null): Promise<void> {
    const { link, lifetime } = await this.link(tx, user, kind, issuedBy);
    const tenancyName = user.tenant_id === HOST_TENANT_ID ? '' : ((await tx.tenants.findLive(user.tenant_id))?.tenancy_name ?? '');
    const message = accountMail(kind, { to: user.email, firstName: user.name, userName: user.user_name, tenancyName, link, lifetime });
    await tx.outbox.enqueue({ tenantId: user.tenant_id, topic: MAIL_TOPIC, payload: message });
    await recordAudit(tx, by, {
      tenantId: user.tenant_id,
      action: `account_mail.${kind}`,
      target: `user:${user.id}`,
      actor: { tenantId: user.tenant_id, userId: user.id, userName: user.user_name },
    });
  }

  private lifetimeSeconds(kind: AccountMailKind): number {
    const codes = this.config.accountCodes;
    if (kind === 'password_reset') return codes.passwordResetMinutes * 60;
    return (kind === 'invitation' ? codes.invitationHours : codes.emailConfirmationHours) * 3600;
  }
}

function inWords(seconds: number): string {
  if (seconds % 3600 !== 0) return `${seconds / 60} minutes`;
  const hours = seconds / 3600;
  return hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? '' : 's'}` : `${hours} hour${hours === 1 ? '' : 's'}`;
}
