import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { Id } from '../../../../../services/contract-fields.js';

export const unsubscribe = rpcMethod({
  path: 'Platform/Event/Unsubscribe',
  summary: 'End a webhook subscription',
  description:
    '`POST …/Unsubscribe?id=N` (any body is ignored), as the original platform’s clients send it, or `DELETE …/Unsubscribe?id=N`. ' +
    'Pending deliveries are dropped and the delivery log goes with the subscription. An unknown id, or one of another tenant, is a 404 ' +
    '"Event Subscription does not exist or is not accessible".',
  verb: 'POST',
  alsoVerbs: ['DELETE'],
  inputIn: 'query',
  auth: 'caller',
  input: Type.Object({ id: Id() }),
  output: null,
  async handle({ caller, input, services }) {
    await services.events.unsubscribe(caller, input.id);
  },
});
