import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isAppError } from '../domain/errors.js';
import type { Services } from '../services/index.js';
import { requestOriginOf } from './request-caller.js';

/** The REST surface's session cookie, as AgileApps (a Java platform) names it. */
export const SESSION_COOKIE = 'JSESSIONID';

/**
 * One authentication step for both surfaces: every request is resolved once, here, from
 * `Authorization: Bearer`, the `api-key` header, or the REST session cookie. Handlers read `request.caller`.
 */
export const authenticate = fp(
  async (app: FastifyInstance, { services }: { services: Services }) => {
    app.decorateRequest('caller', null);
    app.decorateRequest('authError', null);
    app.addHook('onRequest', async (request) => {
      const credential = presentedCredential(request);
      if (!credential) return;
      const from = requestOriginOf(request);
      try {
        request.caller =
          credential.kind === 'bearer'
            ? await services.auth.callerFromBearer(credential.value, from)
            : await services.auth.callerFromRestSession(credential.value, from);
      } catch (error) {
        if (!isAppError(error)) throw error;
        request.authError = error;
      }
    });
    // The rest of the request runs on behalf of its reader: the user behind the credential (a key acts as its
    // user), or the client address when anonymous. See read-routing.ts.
    app.addHook('onRequest', (request, _reply, done) => {
      const caller = request.caller;
      services.asReader(caller ? `user:${caller.tenantId}:${caller.userId}` : `ip:${request.ip}`, done);
    });
  },
  { name: 'authenticate', dependencies: ['@fastify/cookie'] },
);

function presentedCredential(request: FastifyRequest): { kind: 'bearer' | 'session'; value: string } | undefined {
  const authorization = request.headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return { kind: 'bearer', value: match[1]! };
  }
  // Clients of the original platform send their API key in an `api-key` header.
  const apiKey = request.headers['api-key'];
  if (typeof apiKey === 'string' && apiKey.trim()) return { kind: 'bearer', value: apiKey.trim() };
  const session = request.cookies?.[SESSION_COOKIE];
  if (session) return { kind: 'session', value: session };
  return undefined;
}
