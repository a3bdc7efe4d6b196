import { Type } from 'typebox';
import { orNull } from '../../../nullable.js';

export const CouponSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  percentOff: orNull(Type.Number()),
  amountOff: orNull(Type.Number()),
  currency: orNull(Type.String()),
  expiresAt: orNull(Type.String({ format: 'date-time' })),
  maxRedemptions: orNull(Type.Integer()),
  redemptionCount: Type.Integer({ description: 'Registrations that used the coupon so far.' }),
});
