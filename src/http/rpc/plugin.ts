import type {} from '@fastify/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TObject, TSchema } from 'typebox';
import { AppError } from '../../domain/errors.js';
import { demandApiKeyAllows, demandTwoFactorEnrolled } from '../../domain/credential-rules.js';
import type { Services } from '../../services/index.js';
import { errorHandler } from '../errors.js';
import { noStore } from '../no-store.js';
import { requireCaller } from '../request-caller.js';
import { abpSuccessEnvelope, sendAbpError, wantsEnvelope } from './abp-body.js';
import { methodName, verbFor, type RpcMethod } from './define.js';
import { keepIdempotentAnswers, runIdempotently } from './idempotency.js';
import { rpcMethods } from './methods/index.js';

// HEAD is among them: Fastify would otherwise run a `Get*` handler for a HEAD request, and some `Get*` methods mint
// credentials (GetAutoLoginLink). A HEAD answers 405 and runs nothing.
const allVerbs = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;
const IGNORED_BODY = Object.freeze({});

/** The Upgrade.chat / ASP.NET Zero JSON RPC dialect: `/api/services/{Module}/{Service}/{Method}` and `/api/TokenAuth/*`. */
export async function rpcPlugin(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.setErrorHandler(errorHandler((_request, reply, error) => sendAbpError(reply, error)));
  app.setNotFoundHandler((request, reply) => {
    const error = new AppError('not_found', `There is no API method at ${request.method} ${request.url.split('?')[0]}.`);
    return sendAbpError(reply, error);
  });
  // ASP.NET binds a missing or empty body as an empty DTO: `TokenAuth/LogOut` needs none, and a method with
  // required fields names them in a 400 instead of complaining about the body.
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => (body === '' ? done(null, {}) : json(request, body as string, done)));
  // A form body is read by no method: methods that take their input from the query string ignore it (a
  // WordPress client sends one with `Unsubscribe?id=`); every other method refuses it with a 415.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, _body, done) => done(null, IGNORED_BODY));
  keepIdempotentAnswers(app, services);
  for (const method of rpcMethods) registerMethod(app, services, method);
}

function registerMethod(app: FastifyInstance, services: Services, method: RpcMethod): void {
  const name = methodName(method.path);
  const url = name.url;
  const verb = method.verb ?? verbFor(name.method);
  const verbs = [verb, ...(method.alsoVerbs ?? [])];
  const inQuery = (method.inputIn ?? (verb === 'GET' || verb === 'DELETE' ? 'query' : 'body')) === 'query';
  const propertyNames = Object.keys((method.input as TObject).properties ?? {});

  // One route per verb: OpenAPI wants a distinct operationId for each (`Platform.Event.Unsubscribe`, `…UnsubscribeDelete`).
  for (const each of verbs) app.route({
    method: each,
    url,
    exposeHeadRoute: false,
    schema: {
      operationId: `${name.module}.${name.service}.${name.method}${each === verb ? '' : each.charAt(0) + each.slice(1).toLowerCase()}`,
      tags: [`${name.module}/${name.service}`],
      summary: method.summary,
      ...(method.description ? { description: method.description } : {}),
      ...(inQuery ? { querystring: method.input } : { body: method.input }),
      ...(method.output ? { response: { 200: method.output } } : {}),
      ...(method.auth === 'caller' ? { security: [{ bearer: [] }, { apiKey: [] }] } : {}),
    },
    // ASP.NET model binding ignores the case of query-string argument names (`Id` and `id`).
    preValidation: inQuery
      ? async (request) => {
          request.query = matchNamesIgnoringCase(request.query as Record<string, unknown>, propertyNames);
        }
      : async (request) => {
          if (request.body === IGNORED_BODY) throw new AppError('unsupported_media_type', 'The request body has a content type this endpoint does not accept.');
          request.body ??= {};
        },
    handler: async (request, reply) => {
      const caller = method.auth === 'caller' ? requireCaller(request) : request.caller;
      demandApiKeyAllows(caller, url);
      if (!method.openBeforeTwoFactorEnrolment) demandTwoFactorEnrolled(caller);
      if (method.carriesCredential) noStore(reply);
      const input = (inQuery ? request.query : (request.body ?? {})) as never;
      const context = { services, caller, method: url, input, carriesCredential: method.carriesCredential === true };
      return runIdempotently(request, reply, context, async () => {
        const result = await method.handle({ caller: caller as never, input, services, request, reply });
        return answer(request, reply, services, method.output, result);
      });
    },
  });

  // A known method called with the wrong verb is a 405, not a 404.
  app.route({
    method: allVerbs.filter((v) => !(verbs as readonly string[]).includes(v)),
    url,
    schema: { hide: true },
    handler: async () => {
      throw new AppError('method_not_allowed', `${name.method} must be called with HTTP ${verbs.join(' or ')}.`);
    },
  });
}

function answer(request: FastifyRequest, reply: FastifyReply, services: Services, output: TSchema | null, result: unknown) {
  if (!wantsEnvelope(request.headers['abp-envelope'], services.config.abpEnvelope)) {
    if (!output) return reply.status(200).send();
    return reply.status(200).send(result);
  }
  const inner = output ? reply.serializeInput(result as Record<string, unknown>, output as never) : 'null';
  return reply.status(200).type('application/json; charset=utf-8').send(abpSuccessEnvelope(inner));
}

function matchNamesIgnoringCase(query: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const byLower = new Map(names.map((n) => [n.toLowerCase(), n]));
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query ?? {})) result[byLower.get(key.toLowerCase()) ?? key] = value;
  return result;
}
