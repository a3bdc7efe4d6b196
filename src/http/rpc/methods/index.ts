import type { RpcMethod } from '../define.js';
import { authenticate } from './token-auth/authenticate.js';
import { logOut } from './token-auth/log-out.js';
import { getCurrentLoginInformations } from './session/get-current-login-informations.js';
import { refreshToken } from './token-auth/refresh-token.js';
import { createPackage } from './package/create-package.js';
import { getPackages } from './package/get-packages.js';
import { deletePackage } from './package/delete-package.js';
import { getTenantConfiguration } from './host-settings/get-tenant-configuration.js';
import { updateTenantConfiguration } from './host-settings/update-tenant-configuration.js';

/** Every method of the RPC dialect. The composition root for the dialect: one line per method. */
export const rpcMethods: RpcMethod[] = [
  authenticate,
  refreshToken,
  logOut,
  getCurrentLoginInformations,
  createPackage,
  getPackages,
  deletePackage,
  getTenantConfiguration,
  updateTenantConfiguration,
] as unknown as RpcMethod[];
