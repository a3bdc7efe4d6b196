import type { Data } from '../../data/index.js';
import type { ClaimedMessage } from '../../data/outbox.js';
import { HOST_TENANT_ID } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import type { RequestOrigin } from '../../domain/request-origin.js';
import { emailProblem } from '../../domain/validators.js';
import type { AccountMail } from './account-mail.js';

/** The outbox topic of anonymous requests for an account e-mail, answered after the request has been. */
export const ACCOUNT_REQUEST_TOPIC = 'account_request';

/** What an anonymous caller asks for: a password reset code, or the link that confirms the address (or accepts an invitation). */
export type AccountRequestKind = 'password_reset' | 'email_activation';

/** Which account: an e-mail address in the host (neither given), a tenant by tenancy name, or by ABP's `Abp-TenantId`. */
export interface AccountRequest {
  emailAddress: string;
  tenancyName?: string | null | undefined;
  tenantId?: number | null | undefined;
}

interface Payload extends AccountRequest {
  kind: AccountRequestKind;
  from: RequestOrigin;
}

/**
 * `SendPasswordResetCode` and `SendEmailActivationLink`. The answer must not tell whether the account exists, by
 * its content or by its time: the request itself only enqueues the same message either way — no look-up, no
 * hash, no second write — and the outbox then looks the account up and sends the e-mail, or nothing.
 */
export class AccountRequests {
  constructor(
    private readonly data: Data,
    private readonly mail: AccountMail,
  ) {}

  async request(kind: AccountRequestKind, input: AccountRequest, from: RequestOrigin): Promise<void> {
    const problem = emailProblem(input.emailAddress.trim());
    if (problem) throw AppError.field('emailAddress', problem);
    const payload: Payload = { kind, emailAddress: input.emailAddress.trim(), tenancyName: input.tenancyName?.trim() || null, tenantId: input.tenantId ?? null, from };
    await this.data.outbox.enqueue({ tenantId: HOST_TENANT_ID, topic: ACCOUNT_REQUEST_TOPIC, payload });
  }

  /** The outbox handler: finds the live, active account of a usable tenant and mails it; for anything else, nothing. */
  readonly handle = async (message: ClaimedMessage): Promise<void> => {
    const request = message.payload as Payload;
    const tenantId = await this.tenantOf(request);
    if (tenantId === undefined) return;
    const user = await this.data.users.findByEmail(tenantId, request.emailAddress);
    if (!user || !user.is_active) return;
    await this.data.transaction(async (tx) => {
      if (request.kind === 'password_reset') return this.mail.send(tx, user, 'password_reset', request.from);
      // An invited user's address is confirmed by accepting: the invitation is sent again instead.
      if (user.invited_at) return this.mail.send(tx, user, 'invitation', request.from);
      if (!user.is_email_confirmed) return this.mail.send(tx, user, 'email_confirmation', request.from);
    });
  };

  private async tenantOf(request: Payload): Promise<number | undefined> {
    const byName = request.tenancyName ? await this.data.tenants.findByTenancyName(request.tenancyName) : undefined;
    if (request.tenancyName && (!byName || byName.deleted_at)) return undefined;
    const tenantId = request.tenantId ?? byName?.id ?? HOST_TENANT_ID;
    if (byName && byName.id !== tenantId) return undefined;
    if (tenantId === HOST_TENANT_ID) return tenantId;
    return (await this.data.tenants.isUsable(tenantId)) ? tenantId : undefined;
  }
}
