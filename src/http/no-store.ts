import type { FastifyReply } from 'fastify';

/**
 * Marks an answer that carries a credential (tokens, keys, login links, generated passwords) as never to be
 * stored by a browser, proxy or CDN (RFC 9111 `no-store`; `Pragma` for HTTP/1.0 caches).
 */
export function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
}
