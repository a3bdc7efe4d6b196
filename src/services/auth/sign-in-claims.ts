import type { Data } from '../../data/index.js';
import type { SignInClaim } from '../../data/users.js';

/**
 * How recent a lockout must be for a sign-in it refuses to wait for the account's attempts in flight.
 * A lockout starts with the claim that reaches the limit, before that attempt's password is checked
 * (`claimSignInAttempt` in data/users.ts): so a burst of right sign-ins of one account — an integration's workers
 * signing in at once, the bench's W5 — was refused as locked out while its first attempts were still being checked.
 * Those succeed and give their claims back, and the waiting attempts then claim theirs. A lockout that wrong
 * passwords confirm stays; once it has stood this long the waiting attempts are refused, so no more than the limit
 * of passwords is ever checked at once, as before. A right sign-in that ends a wave's lockout lets the next wave
 * claim (and perhaps start a new one), so a sign-in waits as long as lockouts keep being that fresh — never longer
 * than `MOST_MS`.
 */
const PATIENCE_MS = 2_000;
const MOST_MS = 30_000;
/**
 * Attempts in flight on another instance end unseen here: without one of this instance's own in flight, the claim is
 * tried again this often. With one, its end wakes the waiters (`attemptEnded`), and the slower pace is only a safety net:
 * 45 sign-ins polling every 200 ms were two statements each, hundreds a second on one row (W5).
 */
const RETRY_MS = 200;
const RETRY_WHILE_IN_FLIGHT_MS = 1_000;

/** This instance's attempts in flight, and the sign-ins waiting for one of them to end, by account. */
const inFlight = new Map<string, number>();
const waiting = new Map<string, Set<() => void>>();

const keyOf = (tenantId: number, userId: number) => `${tenantId}:${userId}`;

/**
 * Wakes the first `count` sign-ins waiting on the account, in the order they began waiting: an ended attempt frees at
 * most the claims a success gives back (the limit), so waking every waiter would only send them to queue on the
 * account's row for claims that are not there (50 parallel sign-ins made 45 updates of one row per attempt).
 */
function attemptEnded(key: string, count: number): void {
  const left = (inFlight.get(key) ?? 1) - 1;
  if (left > 0) inFlight.set(key, left);
  else inFlight.delete(key);
  const set = waiting.get(key);
  if (!set) return;
  for (const resolve of [...set].slice(0, count)) resolve();
}

function nextAttemptEnd(key: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      const set = waiting.get(key);
      set?.delete(done);
      if (set?.size === 0) waiting.delete(key);
      resolve();
    }
    let set = waiting.get(key);
    if (!set) waiting.set(key, (set = new Set()));
    set.add(done);
  });
}

/**
 * Claims a sign-in attempt of the account (see `PATIENCE_MS`) and runs `attempt` on it; the claim's end, whatever
 * its outcome, lets this instance's waiting sign-ins of the account try again. `refused` runs nothing.
 */
export async function withSignInClaim<T>(
  data: Data,
  account: { tenantId: number; userId: number; maxFailures: number; lockoutSeconds: number },
  attempt: (claim: Exclude<SignInClaim, 'refused'>) => Promise<T>,
): Promise<T | 'refused'> {
  const { tenantId, userId, maxFailures, lockoutSeconds } = account;
  const key = keyOf(tenantId, userId);
  const deadline = Date.now() + MOST_MS;
  for (;;) {
    const claim = await data.users.claimSignInAttempt(tenantId, userId, maxFailures, lockoutSeconds);
    if (claim !== 'refused') {
      inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
      try {
        return await attempt(claim);
      } finally {
        attemptEnded(key, maxFailures);
      }
    }
    const left = deadline - Date.now();
    if (left <= 0) return 'refused';
    const age = await data.users.lockoutAgeMs(tenantId, userId, lockoutSeconds);
    // No lockout any more: an attempt in flight succeeded meanwhile; claim again at once.
    if (age === undefined) continue;
    if (age >= PATIENCE_MS) return 'refused';
    await nextAttemptEnd(key, Math.min(inFlight.has(key) ? RETRY_WHILE_IN_FLIGHT_MS : RETRY_MS, left));
  }
}
