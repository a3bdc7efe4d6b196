import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { EventSubscriptionSchema } from '../../../../../services/events/contracts.js';

export const getSubscriptions = rpcMethod({
  path: 'Platform/Event/GetSubscriptions',
  summary: "List your tenant's webhook subscriptions (never their secrets)",
  auth: 'caller',
  input: Type.Object({}),
  output: Type.Array(EventSubscriptionSchema),
  async handle({ caller, services }) {
    return services.events.list(caller);
  },
});
