import { Type } from 'typebox';
import { optional } from '../../../nullable.js';
import { rpcMethod } from '../../../define.js';
import { CouponSchema } from '../../../../../services/catalogue/coupons.js';
import { MAX_INT4 } from '../../../../../domain/paging.js';

export const createCoupon = rpcMethod({
  path: 'CRM/Coupon/CreateCoupon',
  summary: 'Create a coupon: a percentage, or an amount in a currency, off the first invoice',
  description: 'Exactly one of `percentOff` and `amountOff` (with `currency`). Codes are unique ignoring case.',
  auth: 'caller',
  input: Type.Object({
    code: optional(Type.String(), 'Required: 1 to 64 letters, digits, "_" or "-".'),
    percentOff: optional(Type.Number(), 'Above 0, at most 100.'),
    amountOff: optional(Type.Number()),
    currency: optional(Type.String(), 'ISO 4217; only with amountOff.'),
    expiresAt: optional(Type.String(), 'ISO 8601 date-time in the future.'),
    maxRedemptions: optional(Type.Integer({ minimum: -MAX_INT4, maximum: MAX_INT4 })),
  }),
  output: CouponSchema,
  async handle({ caller, input, services }) {
    return services.coupons.create(caller, input);
  },
});
