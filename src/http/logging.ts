import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config.js';

// Query parameters whose values are credentials (login links, switch tokens, keys).
const SECRET_QUERY = /([?&](?:token|key|api-key|apikey|password|refreshToken|access_token|sessionId)=)[^&]*/gi;

/** Pino options: JSON lines with request ids, and no secret in any line. */
export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["api-key"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.adminPassword',
        '*.newPassword',
        '*.currentPassword',
        '*.refreshToken',
        '*.accessToken',
        '*.key',
        '*.token',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req(request) {
        return {
          method: request.method,
          url: request.url.replace(SECRET_QUERY, '$1[redacted]'),
          remoteAddress: request.ip,
        };
      },
    },
  };
}
