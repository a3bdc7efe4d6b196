import type { RpcMethod } from '../define.js';
import { authenticate } from './token-auth/authenticate.js';
import { logOut } from './token-auth/log-out.js';
import { getCurrentLoginInformations } from './session/get-current-login-informations.js';
import { refreshToken } from './token-auth/refresh-token.js';
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
  getGeneralSettings,
  updateGeneralSettings,
  getStripeSettings,
  setStripeConnectedAccount,
] as unknown as RpcMethod[];
