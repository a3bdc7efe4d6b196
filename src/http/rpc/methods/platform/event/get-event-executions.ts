import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { EventExecutionSchema } from '../../../../../services/events/contracts.js';
import { EventExecutionQuerySchema } from '../../../../../services/events/event-subscriptions.js';

export const getEventExecutions = rpcMethod({
  path: 'Platform/Event/GetEventExecutions',
  summary: 'The delivery log of a webhook subscription: every attempt, newest first',
  description: 'An unknown id, or one of another tenant, is a 404 "Event Subscription does not exist or is not accessible".',
  auth: 'caller',
  input: EventExecutionQuerySchema,
  output: Type.Object({ totalCount: Type.Integer(), items: Type.Array(EventExecutionSchema) }),
  async handle({ caller, input, services }) {
    return services.events.executions(caller, input);
  },
});
