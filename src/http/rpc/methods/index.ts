import type { RpcMethod } from '../define.js';
import { deleteApiKey } from './api-key/delete.js';
import { generateApiKey } from './api-key/generate.js';
import { getAllApiKeys } from './api-key/get-all.js';
import { updateApiKey } from './api-key/update.js';
import { authenticate } from './token-auth/authenticate.js';
import { logOut } from './token-auth/log-out.js';
import { getCurrentLoginInformations } from './session/get-current-login-informations.js';
import { refreshToken } from './token-auth/refresh-token.js';

/** Every method of the RPC dialect. The composition root for the dialect: one line per method. */
export const rpcMethods: RpcMethod[] = [
  authenticate,
  refreshToken,
  logOut,
  getCurrentLoginInformations,
  generateApiKey,
  getAllApiKeys,
  updateApiKey,
  deleteApiKey,
] as unknown as RpcMethod[];
