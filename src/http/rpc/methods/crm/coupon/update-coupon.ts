import { Type } from 'typebox';
import { CouponSchema } from '../../../../../services/catalogue/coupons.js';
import { MAX_INT4 } from '../../../../../domain/paging.js';
import { Id } from '../../../../../services/contract-fields.js';
import { optional } from '../../../nullable.js';
import { rpcMethod } from '../../../define.js';

export const updateCoupon = rpcMethod({
  path: 'CRM/Coupon/UpdateCoupon',
  summary: 'Change a coupon’s limits: its expiry and how often it may be used',
  description:
    'Absent fields stay; `expiresAt` null or "" removes the expiry, and a time in the past ends the coupon at once; `maxRedemptions` ' +
    'null or 0 removes the limit. The code and the reduction cannot change (invoices name them): delete the coupon and make another.',
  auth: 'caller',
  input: Type.Object({
    id: Id(),
    expiresAt: optional(Type.String({ maxLength: 40 }), 'ISO 8601 date-time.'),
    maxRedemptions: optional(Type.Integer({ minimum: -MAX_INT4, maximum: MAX_INT4 })),
  }),
  output: CouponSchema,
  async handle({ caller, input, services }) {
    return services.coupons.updateLimits(caller, input);
  },
});
