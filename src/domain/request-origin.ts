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

/** The user agent the CLI's audit entries carry, so an entry says it was made at the machine, not over HTTP. */
export const CLI_USER_AGENT = 'tenantry-cli';

/** The origin of a `tenantry` command: no client IP, the CLI and the operating-system account that ran it. */
export function cliOrigin(osUser: string | undefined): RequestOrigin {
  return requestOrigin(null, osUser ? `${CLI_USER_AGENT} (os user ${osUser})` : CLI_USER_AGENT);
}
