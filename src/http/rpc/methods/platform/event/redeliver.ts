import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { Id } from '../../../../../services/contract-fields.js';

export const redeliver = rpcMethod({
  path: 'Platform/Event/Redeliver',
  summary: 'Deliver the event of a logged attempt again (a replay after the receiver is fixed)',
  description: '`id`: an execution id from `GetEventExecutions`. The event (same event id) joins the end of its subscription’s queue as a new delivery.',
  auth: 'caller',
  input: Type.Object({ id: Id() }),
  output: null,
  async handle({ caller, input, services }) {
    await services.events.redeliver(caller, input.id);
  },
});
