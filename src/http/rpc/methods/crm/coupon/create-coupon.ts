import { rpcMethod } from '../../../define.js';
import { CouponInputSchema, CouponSchema } from '../../../../../services/catalogue/coupons.js';

export const createCoupon = rpcMethod({
  path: 'CRM/Coupon/CreateCoupon',
  summary: 'Create a coupon: a percentage, or an amount in a currency, off the first invoice',
  description: 'Exactly one of `percentOff` and `amountOff` (with `currency`). Codes are unique ignoring case.',
  auth: 'caller',
  input: CouponInputSchema,
  output: CouponSchema,
  async handle({ caller, input, services }) {
    return services.coupons.create(caller, input);
  },
});
