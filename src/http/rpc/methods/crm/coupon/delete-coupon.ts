import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { Id } from '../../../../../services/contract-fields.js';

export const deleteCoupon = rpcMethod({
  path: 'CRM/Coupon/DeleteCoupon',
  summary: 'Delete a coupon (one that was used is kept for the record; its code becomes free)',
  auth: 'caller',
  input: Type.Object({ id: Id() }),
  output: null,
  async handle({ caller, input, services }) {
    await services.coupons.delete(caller, input.id);
  },
});
