import { rpcMethod } from '../../../define.js';
import { RegistrationInputSchema, RegistrationSchema } from '../../../../../services/onboarding/registration-rules.js';

export const completeTenantRegistration = rpcMethod({
  path: 'Platform/TenantSubscription/CompleteTenantRegistration',
  summary: 'Add Tenants (2): turn a submitted tenancy request into a tenant, its admin, subscriptions and first invoice',
  description:
    'All in one transaction: a failure leaves nothing behind. Safe to retry: a repeat by the same caller with the same parameters ' +
    '(an answer lost to a crash or a timeout) answers the same tenant, admin and invoice again with a fresh `loginLink` and creates ' +
    'nothing (no second tenant, invoice or e-mail); a repeat with other parameters, or once the tenant is deleted, answers 409. ' +
    'Without `tenancyName` one is derived from tenantName/companyName (with a suffix when taken). An empty `adminPassword` is generated ' +
    '(the admin then signs in through `loginLink` and is asked to choose one). `loginLink` is single-use. `isEmailConfirmationRequired` ' +
    'is always false: sign-in does not wait for a confirmed address. `stripePayUrl` is null without a payment provider, when nothing is due, ' +
    'or when the provider failed (the registration stands; `paymentLink` still shows the invoice). A welcome e-mail is queued unless `noWelcomeEmail`.',
  auth: 'caller',
  carriesCredential: true,
  input: RegistrationInputSchema,
  output: RegistrationSchema,
  async handle({ caller, input, services, request }) {
    return services.registration.complete(caller, input, {
      onCheckoutError: (error) => request.log.warn({ err: error }, 'payment checkout could not be created; the registration stands'),
    });
  },
});
