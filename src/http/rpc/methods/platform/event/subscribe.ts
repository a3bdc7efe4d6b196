import { rpcMethod } from '../../../define.js';
import { eventCatalogue } from '../../../../../domain/events.js';
import { SubscribedEventSchema } from '../../../../../services/events/contracts.js';
import { SubscribeInputSchema } from '../../../../../services/events/event-subscriptions.js';

export const subscribe = rpcMethod({
  path: 'Platform/Event/Subscribe',
  summary: 'Subscribe a webhook to an event of your tenant (the host: of every tenant)',
  description:
    'Every delivery is a signed POST (`Tenantry-Signature: t=…,v1=<HMAC-SHA256 of "t.body">`) whose body carries `type` (the event name), ' +
    '`eventId`, `time`, `tenantId` and `data`; payloads in docs/events.md. Events:\n\n' +
    Object.entries(eventCatalogue).map(([name, when]) => `- \`${name}\`: ${when}`).join('\n') +
    '\n\n`targetUrl`: http(s); private, loopback and ' +
    'link-local addresses are refused unless WEBHOOK_ALLOW_PRIVATE_TARGETS is on. The same event and URL twice is a 409 ' +
    '"Such target url is already linked to event". The answer carries the signing secret of `Tenantry-Signature`, shown once.',
  auth: 'caller',
  carriesCredential: true,
  input: SubscribeInputSchema,
  output: SubscribedEventSchema,
  async handle({ caller, input, services }) {
    return services.events.subscribe(caller, input);
  },
});
