import { Type, type Static } from 'typebox';
import type { Data } from '../../data/index.js';
import { demand, isHost, type Caller } from '../../domain/caller.js';
import { AppError } from '../../domain/errors.js';
import { ensureSettingsRow } from './general-settings.js';
import { recordAudit } from '../audit/record-audit.js';
import { transactionFor } from '../tenant-transaction.js';

// Stripe promises the prefix, not a length or alphabet beyond this; the id is stored as an opaque string.
const CONNECTED_ACCOUNT_ID = /^acct_[A-Za-z0-9]+$/;
const MAX_LENGTH = 255;

export const StripeSettingsSchema = Type.Object({ connectedAccountId: Type.Union([Type.String(), Type.Null()]) });
export type StripeSettingsView = Static<typeof StripeSettingsSchema>;

/**
 * The tenant's Stripe connected account: the account its customers' payments go to. It belongs to a
 * tenant; the host has none (the host is paid through the platform's own Stripe account, STRIPE_SECRET_KEY),
 * so host callers are refused with a 403 that says so.
 */
export class PaymentSettings {
  constructor(private readonly data: Data) {}

  async getStripeSettings(caller: Caller): Promise<StripeSettingsView> {
    const tenantId = tenantOf(caller);
    const row = await this.data.settings.find(tenantId);
    return { connectedAccountId: row?.stripe_connected_account_id ?? null };
  }

  /** Sets the connected account (`acct_...`), or disconnects it with null or `""`. Audited with the previous value. */
  async setStripeConnectedAccount(caller: Caller, connectedAccountId: string | null): Promise<StripeSettingsView> {
    const tenantId = tenantOf(caller);
    const id = connectedAccountId?.trim() || null;
    if (id !== null && (id.length > MAX_LENGTH || !CONNECTED_ACCOUNT_ID.test(id))) {
      throw AppError.field(
        'connectedAccountId',
        `"${id.length > 40 ? `${id.slice(0, 40)}…` : id}" is not a Stripe account id: "acct_" followed by letters and digits, at most ${MAX_LENGTH} characters (null or "" disconnects the account).`,
      );
    }
    await transactionFor(this.data, caller, async (tx) => {
      await ensureSettingsRow(tx, tenantId);
      const previous = (await tx.settings.find(tenantId))?.stripe_connected_account_id ?? null;
      await tx.settings.update(tenantId, { stripe_connected_account_id: id });
      await recordAudit(tx, caller, {
        tenantId,
        action: id === null ? 'payments.stripe_account.disconnected' : 'payments.stripe_account.set',
        target: `settings:tenant:${tenantId}`,
        before: { connectedAccountId: previous },
        after: { connectedAccountId: id },
        details: { connectedAccountId: id, previousConnectedAccountId: previous },
      });
    });
    return { connectedAccountId: id };
  }
}

function tenantOf(caller: Caller): number {
  demand(caller, 'Payments.Manage');
  if (isHost(caller)) {
    throw AppError.forbidden(
      'A Stripe connected account belongs to a tenant; the host has none (its payments go to the platform Stripe account). Sign in as a user of the tenant.',
    );
  }
  return caller.tenantId;
}
