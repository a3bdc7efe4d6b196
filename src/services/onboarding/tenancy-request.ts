import { isIP } from 'node:net';
import { isPaymentPeriodType, paymentPeriodTypes, type PaymentPeriodType } from '../../domain/catalogue.js';
import { given, type ProblemList } from '../../domain/problems.js';
import { emailProblem, phoneExtensionProblem, phoneProblem, regionCodeProblem, textProblem, urlProblem } from '../../domain/validators.js';
import { isUuid } from '../security/secrets.js';
import { Type, type Static } from 'typebox';
import { optional } from '../contract-fields.js';
import { MAX_INT4 } from '../../domain/paging.js';

type Text = string | null | undefined;

const text = (description: string) => optional(Type.String(), description);
const AnyInt4 = () => Type.Integer({ minimum: -MAX_INT4, maximum: MAX_INT4 });

/** `SubmitTenancyRequest` as the sign-up form sends it (every field may be missing: the rules below say which must be there). */
export const TenancyRequestInputSchema = Type.Object({
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
});
export type TenancyRequestInput = Static<typeof TenancyRequestInputSchema>;

export const utmKeys = ['source', 'medium', 'campaign', 'term', 'content', 'keyword', 'adGroup', 'name'] as const;
export type UtmKey = (typeof utmKeys)[number];

export interface RequestedProduct {
  /** Index in the request, for naming the field of a problem (`products[1].productId`). */
  index: number;
  productId: number;
  priceOptionId: number | null;
  paymentPeriodType: PaymentPeriodType;
  quantity: number;
}

/** The request's fields once their value rules have passed (products still to be checked against the catalogue). */
export interface TenancyRequest {
  companyName: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  phoneExt: string | null;
  website: string | null;
  city: string;
  state: string;
  stage: string | null;
  tag: string | null;
  comments: string | null;
  utmParameter: Partial<Record<UtmKey, string>> | null;
  sourceCode: string | null;
  channelCode: string | null;
  campaignCode: string | null;
  affiliateCode: string | null;
  couponCode: string | null;
  leadRequestXref: string | null;
  refererUrl: string | null;
  entryUrl: string | null;
  userAgent: string | null;
  clientIp: string | null;
  isHelpNeeded: boolean;
  products: RequestedProduct[];
}

/**
 * Checks every field of a tenancy request against the spec's value rules, recording each problem under the
 * caller's field name. `affiliateCode` is optional although the spec's first table lists it: most sign-ups
 * arrive without a referral code, and refusing them would lose the customer.
 */
export function readTenancyRequest(input: TenancyRequestInput, problems: ProblemList): TenancyRequest {
  const required = (field: keyof TenancyRequestInput, rule: (value: string) => string | undefined): string => {
    const value = input[field] as Text;
    if (!given(value)) {
      problems.add(field, `The ${field} field is required.`);
      return '';
    }
    problems.check(field, rule(value));
    return value;
  };
  const optional = (field: keyof TenancyRequestInput, rule: (value: string) => string | undefined): string | null => {
    const value = input[field] as Text;
    if (!given(value)) return null;
    problems.check(field, rule(value));
    return value;
  };
  const text = (max: number) => (value: string) => textProblem(value, max);

  const request: TenancyRequest = {
    companyName: required('companyName', text(128)),
    firstName: required('firstName', text(64)),
    lastName: required('lastName', text(64)),
    email: required('email', emailProblem),
    phone: required('phone', phoneProblem),
    phoneExt: optional('phoneExt', phoneExtensionProblem),
    website: optional('website', urlProblem),
    // Any printable text, stored exactly as sent (the spec's own sample city is full of quotes and braces).
    city: required('city', text(128)),
    state: required('state', regionCodeProblem),
    stage: optional('stage', text(64)),
    tag: optional('tag', text(128)),
    comments: optional('comments', text(4000)),
    utmParameter: readUtm(input.utmParameter, problems),
    sourceCode: optional('sourceCode', text(64)),
    channelCode: optional('channelCode', text(64)),
    campaignCode: optional('campaignCode', text(64)),
    affiliateCode: optional('affiliateCode', text(64)),
    couponCode: optional('couponCode', text(64)),
    leadRequestXref: optional('leadRequestXref', (v) => (isUuid(v) ? undefined : 'The leadRequestXref must be a UUID.'))?.toLowerCase() ?? null,
    refererUrl: optional('refererUrl', urlProblem),
    entryUrl: optional('entryUrl', urlProblem),
    userAgent: optional('userAgent', text(512)),
    clientIp: optional('clientIp', (v) => (isIP(v) ? undefined : `"${v.slice(0, 40)}" is not an IP address.`)),
    isHelpNeeded: input.isHelpNeeded ?? false,
    products: readProducts(input.products, problems),
  };
  return request;
}

function readUtm(utm: TenancyRequestInput['utmParameter'], problems: ProblemList): Partial<Record<UtmKey, string>> | null {
  if (!utm) return null;
  const values: Partial<Record<UtmKey, string>> = {};
  for (const key of utmKeys) {
    const value = utm[key];
    if (!given(value)) continue;
    if (problems.check(`utmParameter.${key}`, textProblem(value, 256))) values[key] = value;
  }
  return Object.keys(values).length > 0 ? values : null;
}

function readProducts(products: TenancyRequestInput['products'], problems: ProblemList): RequestedProduct[] {
  if (!products || products.length === 0) {
    problems.add('products', 'At least one product is required.');
    return [];
  }
  if (products.length > 20) problems.add('products', 'At most 20 products can be requested at once.');
  const requested: RequestedProduct[] = [];
  const seen = new Set<number>();
  products.forEach((product, index) => {
    const at = (field: string) => `products[${index}].${field}`;
    const id = product.productId;
    const idOk = problems.check(at('productId'), typeof id === 'number' && Number.isInteger(id) && id > 0 ? undefined : 'The productId must be the id of a product.');
    if (idOk && seen.has(id!)) problems.add(at('productId'), `Product ${id} is listed twice.`);
    const period = product.paymentPeriodType ?? '';
    const periodOk = problems.check(at('paymentPeriodType'), isPaymentPeriodType(period) ? undefined : `The paymentPeriodType must be one of ${paymentPeriodTypes.join(', ')}.`);
    // A subscription is for one seat of the product; the form sends 1, and an absent quantity means 1.
    const quantity = product.quantity ?? 1;
    const quantityOk = problems.check(at('quantity'), quantity === 1 ? undefined : 'The quantity must be 1.');
    const priceOptionId = product.priceOptionId ?? null;
    if (idOk && periodOk && quantityOk && !seen.has(id!)) {
      requested.push({ index, productId: id!, priceOptionId, paymentPeriodType: period as PaymentPeriodType, quantity });
    }
    if (idOk) seen.add(id!);
  });
  return requested;
}
