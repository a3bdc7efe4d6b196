/**
 * Where a request came from: recorded with sessions and audit entries. Authentication puts it on the
 * `Caller`; use cases that run before anyone is known (sign-in, lead submission, redeeming a link) take it
 * on its own.
 */
export interface RequestOrigin {
  clientIp: string | null;
  userAgent: string | null;
}

/** Longest user agent kept; longer ones are cut (a header is not a place to store a document). */
export const MAX_USER_AGENT_LENGTH = 512;

/** The origin of work that no request started: background workers, the start-up bootstrap, tests. */
export const NO_ORIGIN: RequestOrigin = Object.freeze({ clientIp: null, userAgent: null });

export function requestOrigin(clientIp: string | null | undefined, userAgent: string | null | undefined): RequestOrigin {
  return { clientIp: clientIp || null, userAgent: userAgent ? userAgent.slice(0, MAX_USER_AGENT_LENGTH) : null };
}
