import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { SwitchTargetSchema } from '../../../../../services/links/user-links.js';

export const switchToLinkedAccount = rpcMethod({
  path: 'Platform/Account/SwitchToLinkedAccount',
  summary: 'A single-use token, valid one minute, that signs in as one of your linked accounts',
  description:
    'Redeem `switchAccountToken` at `POST /api/TokenAuth/LinkedAccountAuthenticate`. An account that is not linked ' +
    'to yours is a 403. Only a session opened with your own password may switch: API keys, sessions opened through a ' +
    'login link and sessions that were themselves switched into are refused (403).',
  auth: 'caller',
  carriesCredential: true,
  input: SwitchTargetSchema,
  output: Type.Object({ tenancyName: Type.Union([Type.String(), Type.Null()]), switchAccountToken: Type.String() }),
  async handle({ caller, input, services }) {
    return services.userLinks.issueSwitchToken(caller, input);
  },
});
