import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../../services/index.js';
import { errorHandler } from '../errors.js';
import { Id } from '../../services/contract-fields.js';
import { sendAbpError } from '../rpc/abp-body.js';

const ReceivedSchema = Type.Object({
  received: Type.Literal(true),
  applied: Type.Boolean({ description: 'False when the event was not for one of our invoices, or was applied before.' }),
});

const description =
  'Stripe calls this; it is not for API clients. The `Stripe-Signature` header is verified against STRIPE_WEBHOOK_SECRET ' +
  '(400 when it does not match; 403 when webhooks are not configured). Each event is applied once: ' +
  '`checkout.session.completed` / `invoice.paid` mark the invoice paid and activate its subscriptions (Payment.Created, ' +
  'Subscription.CreatedOrUpdated), `customer.subscription.deleted` cancels them, `invoice.payment_failed` is recorded.';

/**
 * Stripe's webhooks, at the original platform's path (`POST /api/stripe/processWebhook?tenantId=`, for a tenant's
 * connected account) and a host-level path (`POST /api/stripe/webhook`, the platform's own account). The body is
 * kept as the bytes Stripe sent: the signature covers them exactly.
 */
export async function stripeWebhookPlugin(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.setErrorHandler(errorHandler((_request, reply, error) => sendAbpError(reply, error)));
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_request, body, done) => done(null, body));

  const receive = (request: FastifyRequest, accountTenantId: number | undefined) => {
    const signature = request.headers['stripe-signature'];
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    return services.stripeWebhooks.receive(body, typeof signature === 'string' ? signature : undefined, accountTenantId);
  };
  const schema = { tags: ['Payments'], description, response: { 200: ReceivedSchema } };
  app.post(
    '/api/stripe/processWebhook',
    { schema: { ...schema, summary: "Stripe webhook of a tenant's connected account", querystring: Type.Object({ tenantId: Id() }) } },
    async (request) => ({ received: true as const, ...(await receive(request, (request.query as { tenantId: number }).tenantId)) }),
  );
  app.post('/api/stripe/webhook', { schema: { ...schema, summary: "Stripe webhook of the platform's own account" } }, async (request) => ({
    received: true as const,
    ...(await receive(request, undefined)),
  }));
}
