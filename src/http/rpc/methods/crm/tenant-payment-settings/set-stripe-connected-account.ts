import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { nullableString } from '../../../../../services/contract-fields.js';

export const setStripeConnectedAccount = rpcMethod({
  path: 'CRM/TenantPaymentSettings/SetStripeConnectedAccount',
  summary: "Set the Stripe account (already connected in Stripe) that receives the caller's tenant's payments",
  description:
    '`connectedAccountId`: `acct_` followed by letters and digits, at most 255 characters; null or `""` disconnects it. Stored as given (it is not looked up at Stripe). Tenant callers only: the host has no connected account (403). Audited.',
  auth: 'caller',
  input: Type.Object({ connectedAccountId: nullableString(1024) }),
  output: null,
  async handle({ caller, input, services }) {
    await services.paymentSettings.setStripeConnectedAccount(caller, input.connectedAccountId);
  },
});
