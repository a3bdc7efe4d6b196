import { CouponLimitsInputSchema, CouponSchema } from '../../../../../services/catalogue/coupons.js';
import { rpcMethod } from '../../../define.js';

export const updateCoupon = rpcMethod({
  path: 'CRM/Coupon/UpdateCoupon',
  summary: 'Change a coupon’s limits: its expiry and how often it may be used',
  description:
    'Absent fields stay; `expiresAt` null or "" removes the expiry, and a time in the past ends the coupon at once; `maxRedemptions` ' +
    'null or 0 removes the limit. The code and the reduction cannot change (invoices name them): delete the coupon and make another.',
  auth: 'caller',
  input: CouponLimitsInputSchema,
  output: CouponSchema,
  async handle({ caller, input, services }) {
    return services.coupons.updateLimits(caller, input);
  },
});
