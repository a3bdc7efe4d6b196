import { pino, type Logger, type LoggerOptions } from 'pino';
import type { Config } from '../config.js';

// Query parameters whose values are credentials (login links, switch tokens, keys).
const SECRET_QUERY = /([?&](?:token|key|api-key|apikey|password|refreshToken|access_token|sessionId)=)[^&]*/gi;

/** The process logger, made once by the composition root and handed to the HTTP app and the background workers. */
export function createLogger(config: Config): Logger {
  return pino(loggerOptions(config));
}

/** Pino options: JSON lines with request ids, and no secret in any line. */
function loggerOptions(config: Config): LoggerOptions {
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
      req(request: { method: string; url: string; ip: string }) {
        return {
          method: request.method,
          url: request.url.replace(SECRET_QUERY, '$1[redacted]'),
          remoteAddress: request.ip,
        };
      },
    },
  };
}
