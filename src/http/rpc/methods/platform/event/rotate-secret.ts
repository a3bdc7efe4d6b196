import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { Id } from '../../../../../services/contract-fields.js';
import { SubscribedEventSchema } from '../../../../../services/events/contracts.js';

export const rotateSecret = rpcMethod({
  path: 'Platform/Event/RotateSecret',
  summary: 'Give a webhook subscription a new signing secret (shown once); the old one stops signing at once',
  auth: 'caller',
  carriesCredential: true,
  input: Type.Object({ id: Id() }),
  output: SubscribedEventSchema,
  async handle({ caller, input, services }) {
    return services.events.rotateSecret(caller, input.id);
  },
});
