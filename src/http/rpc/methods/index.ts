import type { RpcMethod } from '../define.js';
import { authenticate } from './token-auth/authenticate.js';
import { createCoupon } from './coupon/create-coupon.js';
import { deleteCoupon } from './coupon/delete-coupon.js';
import { getCoupons } from './coupon/get-coupons.js';
import { submitTenancyRequest } from './lead/submit-tenancy-request.js';
import { createProduct } from './product/create-product.js';
import { deleteProduct } from './product/delete-product.js';
import { getProducts } from './product/get-products.js';
import { updateProduct } from './product/update-product.js';
import { completeTenantRegistration } from './tenant-subscription/complete-tenant-registration.js';
import { getAutoLoginLink } from './user/get-auto-login-link.js';
import { logOut } from './token-auth/log-out.js';
import { getCurrentLoginInformations } from './session/get-current-login-informations.js';
import { refreshToken } from './token-auth/refresh-token.js';

/** Every method of the RPC dialect. The composition root for the dialect: one line per method. */
export const rpcMethods: RpcMethod[] = [
  authenticate,
  refreshToken,
  logOut,
  getCurrentLoginInformations,
  createProduct,
  getProducts,
  updateProduct,
  deleteProduct,
  createCoupon,
  getCoupons,
  deleteCoupon,
  submitTenancyRequest,
  completeTenantRegistration,
  getAutoLoginLink,
] as unknown as RpcMethod[];
