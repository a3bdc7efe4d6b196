import type { RpcMethod } from '../define.js';
import { deleteApiKey } from './platform/api-key/delete.js';
import { generateApiKey } from './platform/api-key/generate.js';
import { getAllApiKeys } from './platform/api-key/get-all.js';
import { updateApiKey } from './platform/api-key/update.js';
import { authenticate } from './token-auth/authenticate.js';
import { createCoupon } from './crm/coupon/create-coupon.js';
import { deleteCoupon } from './crm/coupon/delete-coupon.js';
import { getCoupons } from './crm/coupon/get-coupons.js';
import { updateCoupon } from './crm/coupon/update-coupon.js';
import { submitTenancyRequest } from './crm/lead/submit-tenancy-request.js';
import { getLeads } from './crm/lead/get-leads.js';
import { updateLead } from './crm/lead/update-lead.js';
import { getTenantSubscriptions } from './platform/tenant-subscription/get-subscriptions.js';
import { getTenantPackages } from './platform/package/get-tenant-packages.js';
import { getTenantForEdit } from './platform/tenant/get-tenant-for-edit.js';
import { updateTenant } from './platform/tenant/update-tenant.js';
import { createProduct } from './crm/product/create-product.js';
import { deleteProduct } from './crm/product/delete-product.js';
import { getProducts } from './crm/product/get-products.js';
import { updateProduct } from './crm/product/update-product.js';
import { completeTenantRegistration } from './platform/tenant-subscription/complete-tenant-registration.js';
import { getAutoLoginLink } from './platform/user/get-auto-login-link.js';
import { logOut } from './token-auth/log-out.js';
import { getCurrentLoginInformations } from './app/session/get-current-login-informations.js';
import { refreshToken } from './token-auth/refresh-token.js';
import { createUser } from './platform/user/create-user.js';
import { getUsers } from './platform/user/get-users.js';
import { getUser } from './platform/user/get-user.js';
import { updateUser } from './platform/user/update-user.js';
import { deleteUser } from './platform/user/delete-user.js';
import { updateUserRoles } from './platform/user/update-user-roles.js';
import { changePassword } from './platform/user/change-password.js';
import { resetPassword } from './platform/user/reset-password.js';
import { unlockUser } from './platform/user/unlock-user.js';
import { getRoles } from './platform/role/get-roles.js';
import { createRole } from './platform/role/create-role.js';
import { updateRole } from './platform/role/update-role.js';
import { deleteRole } from './platform/role/delete-role.js';
import { getAllPermissions } from './platform/permission/get-all-permissions.js';
import { getInvoices } from './crm/invoice/get-invoices.js';
import { linkToUser } from './platform/user-link/link-to-user.js';
import { getLinkedUsers } from './platform/user-link/get-linked-users.js';
import { getRecentlyUsedLinkedUsers } from './platform/user-link/get-recently-used-linked-users.js';
import { unlinkUser } from './platform/user-link/unlink-user.js';
import { isTenantAvailable } from './platform/account/is-tenant-available.js';
import { sendPasswordResetCode } from './platform/account/send-password-reset-code.js';
import { getResetPasswordCodeInfo } from './platform/account/get-reset-password-code-info.js';
import { resetPasswordWithCode } from './platform/account/reset-password.js';
import { sendEmailActivationLink } from './platform/account/send-email-activation-link.js';
import { activateEmail } from './platform/account/activate-email.js';
import { acceptInvitation } from './platform/account/accept-invitation.js';
import { getAllSettings } from './platform/tenant-settings/get-all-settings.js';
import { updateAllSettings } from './platform/tenant-settings/update-all-settings.js';
import { getHostAllSettings } from './platform/host-settings/get-all-settings.js';
import { updateHostAllSettings } from './platform/host-settings/update-all-settings.js';
import { resolveTenantId } from './platform/account/resolve-tenant-id.js';
import { switchToLinkedAccount } from './platform/account/switch-to-linked-account.js';
import { linkedAccountAuthenticate } from './token-auth/linked-account-authenticate.js';
import { impersonate } from './platform/account/impersonate.js';
import { backToImpersonator } from './platform/account/back-to-impersonator.js';
import { impersonatedAuthenticate } from './token-auth/impersonated-authenticate.js';
import { deleteTenant } from './platform/tenant/delete-tenant.js';
import { restoreTenant } from './platform/tenant/restore-tenant.js';
import { getTenants } from './platform/tenant/get-tenants.js';
import { setTenantActive } from './platform/tenant/set-tenant-active.js';
import { setTenantRateLimits } from './platform/tenant/set-tenant-rate-limits.js';
import { purgeTenant } from './platform/tenant/purge-tenant.js';
import { createPackage } from './platform/package/create-package.js';
import { getPackages } from './platform/package/get-packages.js';
import { deletePackage } from './platform/package/delete-package.js';
import { getTenantConfiguration } from './platform/host-settings/get-tenant-configuration.js';
import { updateTenantConfiguration } from './platform/host-settings/update-tenant-configuration.js';
import { getGeneralSettings } from './platform/tenant-settings/get-general-settings.js';
import { updateGeneralSettings } from './platform/tenant-settings/update-general-settings.js';
import { getStripeSettings } from './crm/tenant-payment-settings/get-stripe-settings.js';
import { setStripeConnectedAccount } from './crm/tenant-payment-settings/set-stripe-connected-account.js';
import { subscribe } from './platform/event/subscribe.js';
import { getSubscriptions } from './platform/event/get-subscriptions.js';
import { unsubscribe } from './platform/event/unsubscribe.js';
import { getEventExecutions } from './platform/event/get-event-executions.js';
import { redeliver } from './platform/event/redeliver.js';
import { rotateSecret } from './platform/event/rotate-secret.js';
import { getAuditLogs } from './platform/audit-log/get-audit-logs.js';
import { getDashboardStatisticsData } from './platform/host-dashboard/get-dashboard-statistics-data.js';
import { generateGoogleAuthenticatorKey } from './app/profile/generate-google-authenticator-key.js';
import { updateGoogleAuthenticatorKey } from './app/profile/update-google-authenticator-key.js';
import { disableGoogleAuthenticator } from './app/profile/disable-google-authenticator.js';
import { getTwoFactorStatus } from './app/profile/get-two-factor-status.js';
import { getTwoFactorLoginSettings } from './platform/tenant-settings/get-two-factor-login-settings.js';
import { updateTwoFactorLoginSettings } from './platform/tenant-settings/update-two-factor-login-settings.js';

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
  createRole,
  updateRole,
  deleteRole,
  getAllPermissions,
  linkToUser,
  getLinkedUsers,
  getRecentlyUsedLinkedUsers,
  unlinkUser,
  switchToLinkedAccount,
  isTenantAvailable,
  sendPasswordResetCode,
  getResetPasswordCodeInfo,
  resetPasswordWithCode,
  sendEmailActivationLink,
  activateEmail,
  acceptInvitation,
  resolveTenantId,
  linkedAccountAuthenticate,
  impersonate,
  backToImpersonator,
  impersonatedAuthenticate,
  deleteTenant,
  restoreTenant,
  getTenants,
  setTenantActive,
  setTenantRateLimits,
  purgeTenant,
  getTenantForEdit,
  updateTenant,
  createProduct,
  getProducts,
  updateProduct,
  deleteProduct,
  createCoupon,
  getCoupons,
  updateCoupon,
  deleteCoupon,
  submitTenancyRequest,
  getLeads,
  updateLead,
  completeTenantRegistration,
  getTenantSubscriptions,
  getAutoLoginLink,
  createPackage,
  getPackages,
  getTenantPackages,
  deletePackage,
  getTenantConfiguration,
  updateTenantConfiguration,
  getGeneralSettings,
  updateGeneralSettings,
  getAllSettings,
  updateAllSettings,
  getHostAllSettings,
  updateHostAllSettings,
  getStripeSettings,
  setStripeConnectedAccount,
  getInvoices,
  getAuditLogs,
  getDashboardStatisticsData,
  generateApiKey,
  getAllApiKeys,
  updateApiKey,
  deleteApiKey,
  subscribe,
  getSubscriptions,
  unsubscribe,
  getEventExecutions,
  redeliver,
  rotateSecret,
  generateGoogleAuthenticatorKey,
  updateGoogleAuthenticatorKey,
  disableGoogleAuthenticator,
  getTwoFactorStatus,
  getTwoFactorLoginSettings,
  updateTwoFactorLoginSettings,
] as unknown as RpcMethod[];
