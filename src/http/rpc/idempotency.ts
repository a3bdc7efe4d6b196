import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IdempotencyKeyId } from '../../data/idempotency-keys.js';
import type { Caller } from '../../domain/caller.js';
import type { Services } from '../../services/index.js';

const HEADER = 'idempotency-key';
/** The requests that hold a key, until their answer is sent and kept. */
const holding = new WeakMap<FastifyRequest, IdempotencyKeyId>();

/**
 * Runs a POST under its `Idempotency-Key` header, when it has one: a retry gets the first answer again (with
 * `Idempotent-Replayed: true`) instead of running twice. Methods whose answer carries a credential ignore the
 * header: their answers are never stored (CompleteTenantRegistration is idempotent by its requestXref instead).
 */
export async function runIdempotently(
  request: FastifyRequest,
  reply: FastifyReply,
  context: { services: Services; caller: Caller | null | undefined; method: string; input: unknown; carriesCredential: boolean },
  run: () => Promise<unknown>,
): Promise<unknown> {
  const key = request.headers[HEADER];
  if (typeof key !== 'string' || request.method !== 'POST' || !context.caller || context.carriesCredential) return run();
  const start = await context.services.idempotencyKeys.start(context.caller, key, context.method, context.input);
  if (start.kind === 'replay') {
    if (start.contentType) void reply.type(start.contentType);
    return reply.status(start.statusCode).header('idempotent-replayed', 'true').send(start.body);
  }
  holding.set(request, start.id);
  return context.services.idempotencyKeys.run(start.id, run);
}

/** Keeps the answer of every request that held a key, as it was sent (an error answer included). */
export function keepIdempotentAnswers(app: FastifyInstance, services: Services): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const id = holding.get(request);
    if (!id) return payload;
    holding.delete(request);
    const contentType = reply.getHeader('content-type');
    try {
      await services.idempotencyKeys.finish(id, {
        statusCode: reply.statusCode,
        contentType: typeof contentType === 'string' ? contentType : null,
        body: typeof payload === 'string' ? payload : payload === null || payload === undefined ? '' : String(payload),
      });
    } catch (error) {
      // The answer stands; the key is then held until it counts as abandoned, and a retry meanwhile is told so
      // (afterwards it runs again only if none of the request's changes committed).
      request.log.warn({ err: error }, 'keeping the answer of an idempotent request failed');
    }
    return payload;
  });
}
