import type { RpcMethod } from '../define.js';
import { deleteApiKey } from './api-key/delete.js';
import { generateApiKey } from './api-key/generate.js';
import { getAllApiKeys } from './api-key/get-all.js';
import { updateApiKey } from './api-key/update.js';
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
import { createUser } from './user/create-user.js';
import { getUsers } from './user/get-users.js';
import { getUser } from './user/get-user.js';
import { updateUser } from './user/update-user.js';
import { deleteUser } from './user/delete-user.js';
import { updateUserRoles } from './user/update-user-roles.js';
import { changePassword } from './user/change-password.js';
import { resetPassword } from './user/reset-password.js';
import { unlockUser } from './user/unlock-user.js';
import { getRoles } from './role/get-roles.js';
import { linkToUser } from './user-link/link-to-user.js';
import { getLinkedUsers } from './user-link/get-linked-users.js';
import { getRecentlyUsedLinkedUsers } from './user-link/get-recently-used-linked-users.js';
import { unlinkUser } from './user-link/unlink-user.js';
import { switchToLinkedAccount } from './account/switch-to-linked-account.js';
import { linkedAccountAuthenticate } from './token-auth/linked-account-authenticate.js';
import { deleteTenant } from './tenant/delete-tenant.js';
import { restoreTenant } from './tenant/restore-tenant.js';
import { getTenants } from './tenant/get-tenants.js';
import { setTenantActive } from './tenant/set-tenant-active.js';
import { purgeTenant } from './tenant/purge-tenant.js';
import { createPackage } from './package/create-package.js';
import { getPackages } from './package/get-packages.js';
import { deletePackage } from './package/delete-package.js';
import { getTenantConfiguration } from './host-settings/get-tenant-configuration.js';
import { updateTenantConfiguration } from './host-settings/update-tenant-configuration.js';
import { getGeneralSettings } from './tenant-settings/get-general-settings.js';
import { updateGeneralSettings } from './tenant-settings/update-general-settings.js';
import { getStripeSettings } from './tenant-payment-settings/get-stripe-settings.js';
import { setStripeConnectedAccount } from './tenant-payment-settings/set-stripe-connected-account.js';

/** Every method of the RPC dialect. The composition root for the dialect: one line per method. */
export const rpcMethods: RpcMethod[] = [
  authenticate,
  refreshToken,
  logOut,
  getCurrentLoginInformations,
  createUser,
  getUsers,
  getUser,
  updateUser,
  deleteUser,
  updateUserRoles,
  changePassword,
  resetPassword,
  unlockUser,
  getRoles,
  linkToUser,
  getLinkedUsers,
  getRecentlyUsedLinkedUsers,
  unlinkUser,
  switchToLinkedAccount,
  linkedAccountAuthenticate,
  deleteTenant,
  restoreTenant,
  getTenants,
  setTenantActive,
  purgeTenant,
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
  createPackage,
  getPackages,
  deletePackage,
  getTenantConfiguration,
  updateTenantConfiguration,
  getGeneralSettings,
  updateGeneralSettings,
  getStripeSettings,
  setStripeConnectedAccount,
  generateApiKey,
  getAllApiKeys,
  updateApiKey,
  deleteApiKey,
] as unknown as RpcMethod[];
