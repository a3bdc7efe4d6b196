import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { CouponSchema } from '../../../../../services/catalogue/coupons.js';

export const getCoupons = rpcMethod({
  path: 'CRM/Coupon/GetCoupons',
  summary: 'Every coupon that is not deleted (expired and used-up ones included)',
  auth: 'caller',
  input: Type.Object({}),
  output: Type.Object({ items: Type.Array(CouponSchema) }),
  async handle({ caller, services }) {
    return { items: await services.coupons.list(caller) };
  },
});
