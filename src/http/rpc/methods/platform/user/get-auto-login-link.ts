import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { LoginLinkInputSchema } from '../../../../../services/auth/auto-login.js';

export const getAutoLoginLink = rpcMethod({
  path: 'Platform/User/GetAutoLoginLink',
  summary: 'A single-use link that signs the user in without a password',
  description:
    'Host operators may ask for any user; a tenant admin only for users of its own tenant (others are not found). ' +
    '`lifeTimeMinutes` from 1 to 1440, default 10. Every link issued is audited with who asked for it. A user holding ' +
    'a permission the caller does not hold is refused (403). A link asked for through an API key opens a session ' +
    'bounded by that key: the key’s paths only, ending when the key ends, and unable to manage keys, set passwords, ' +
    'link or switch accounts. No session opened through a link may switch into linked accounts. The link ends unused ' +
    'when its user is deactivated, deleted or has the password reset, or the tenant is suspended or deleted.',
  auth: 'caller',
  carriesCredential: true,
  input: LoginLinkInputSchema,
  output: Type.Object({ loginLink: Type.String(), expirationDate: Type.String({ format: 'date-time' }) }),
  async handle({ caller, input, services }) {
    const link = await services.autoLogin.linkFor(caller, input);
    return { loginLink: link.loginLink, expirationDate: link.expiresAt.toISOString() };
  },
});
