import { Type } from 'typebox';
import { Id, optional } from '../../../../../services/contract-fields.js';
import { rpcMethod } from '../../../define.js';
import { MAX_INT4 } from '../../../../../domain/paging.js';

const text = (description: string) => optional(Type.String(), description);
const AnyInt4 = () => Type.Integer({ minimum: -MAX_INT4, maximum: MAX_INT4 });

export const submitTenancyRequest = rpcMethod({
  path: 'CRM/Lead/SubmitTenancyRequest',
  summary: 'Add Tenants (1): submit the request for a new tenant (a contact and a lead)',
  description:
    'Required: companyName, products, city, state, firstName, lastName, email, phone. Every problem of the request is named in one 400. ' +
    '`affiliateCode` is optional (the spec lists it with the required fields, but most sign-ups carry no referral code). ' +
    'A client-supplied `leadRequestXref` (a UUID) makes the call idempotent: the same xref answers the same lead and creates nothing new. ' +
    'All products of one request are invoiced in one currency. `clientIp` and `userAgent` default to the request’s own.',
  auth: 'caller',
  input: Type.Object({
    companyName: text('Required. Business name, at most 128 characters.'),
    products: optional(
      Type.Array(
        Type.Object({
          // Any int4, not only a valid id: the service names a bad id together with every other problem of the request.
          productId: optional(AnyInt4(), 'Required: a product of the catalogue that is not retired.'),
          priceOptionId: optional(AnyInt4(), 'The id of one of the product’s prices; needed only when it is priced in several currencies.'),
          paymentPeriodType: text('Required: "Monthly" or "Annual"; the product needs a price for it.'),
          quantity: optional(AnyInt4(), 'Must be 1 (absent means 1).'),
        }),
      ),
      'Required: at least one product.',
    ),
    couponCode: text('A coupon that exists, has not expired and has redemptions left.'),
    website: text('An http(s) URL.'),
    city: text('Required. Any printable text, stored as sent.'),
    state: text('Required. A state or province code (1 to 3 letters or digits).'),
    stage: text('Lead stage name.'),
    tag: text('Tag for the contact.'),
    utmParameter: optional(
      Type.Object({
        source: text(''),
        medium: text(''),
        campaign: text(''),
        term: text(''),
        content: text(''),
        keyword: text(''),
        adGroup: text(''),
        name: text(''),
      }),
    ),
    leadRequestXref: text('A UUID chosen by the client (idempotency key); the server creates one when absent.'),
    firstName: text('Required.'),
    lastName: text('Required.'),
    email: text('Required. A real e-mail address.'),
    phone: text('Required. E.164: "+", country code and number, e.g. +14155552671.'),
    phoneExt: text('Extension digits.'),
    comments: text('Stored as a lead comment.'),
    sourceCode: text(''),
    channelCode: text(''),
    campaignCode: text(''),
    affiliateCode: text('Referral code (optional).'),
    refererUrl: text('An http(s) URL.'),
    entryUrl: text('An http(s) URL.'),
    userAgent: text('Defaults to the request’s User-Agent.'),
    clientIp: text('An IP address; defaults to the request’s.'),
    isHelpNeeded: optional(Type.Boolean()),
  }),
  output: Type.Object({ leadRequestXref: Type.String({ format: 'uuid' }), contactId: Type.Integer() }),
  async handle({ caller, input, services }) {
    return services.leads.submit(caller, input);
  },
});
