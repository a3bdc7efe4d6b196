import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { TenancyRequestInputSchema } from '../../../../../services/onboarding/tenancy-request.js';

export const submitTenancyRequest = rpcMethod({
  path: 'CRM/Lead/SubmitTenancyRequest',
  summary: 'Add Tenants (1): submit the request for a new tenant (a contact and a lead)',
  description:
    'Required: companyName, products, city, state, firstName, lastName, email, phone. Every problem of the request is named in one 400. ' +
    '`affiliateCode` is optional (the spec lists it with the required fields, but most sign-ups carry no referral code). ' +
    'A client-supplied `leadRequestXref` (a UUID) makes the call idempotent: the same xref answers the same lead and creates nothing new. ' +
    'All products of one request are invoiced in one currency. `clientIp` and `userAgent` default to the request’s own.',
  auth: 'caller',
  input: TenancyRequestInputSchema,
  output: Type.Object({ leadRequestXref: Type.String({ format: 'uuid' }), contactId: Type.Integer() }),
  async handle({ caller, input, services }) {
    return services.leads.submit(caller, input);
  },
});
