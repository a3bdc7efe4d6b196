import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { StripeSettingsSchema } from '../../../../../services/settings/payment-settings.js';

export const getStripeSettings = rpcMethod({
  path: 'CRM/TenantPaymentSettings/GetStripeSettings',
  summary: "The caller's tenant's Stripe connected account (null when none is set)",
  description: 'Tenant callers only: the host has no connected account (403).',
  auth: 'caller',
  input: Type.Object({}),
  output: StripeSettingsSchema,
  async handle({ caller, services }) {
    return services.paymentSettings.getStripeSettings(caller);
  },
});
