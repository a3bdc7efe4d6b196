import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccessTokens } from '../../../src/services/security/access-tokens.js';

const SECRET = 'test-secret-test-secret-test-secret-0123456789';
const claims = { userId: 7, tenantId: 3, sessionId: 's-1', origin: 'password' as const };

/** Flips one character of the token's signature. */
function tampered(token: string): string {
  const last = token.at(-2) === 'A' ? 'B' : 'A';
  return `${token.slice(0, -2)}${last}${token.at(-1)}`;
}

/**
 * Access tokens are verified once and then recognised by their whole text (AccessTokens): what is remembered must
 * never let a token through that verification would refuse.
 */
describe('access token verification', () => {
  it('answers the claims of a token it issued, the first time and again', async () => {
    const tokens = new AccessTokens(SECRET, 60);
    const { token } = await tokens.issue(claims);
    const first = await tokens.verify(token);
    assert.equal(first?.userId, 7);
    assert.deepEqual(await tokens.verify(token), first);
  });

  it('refuses a token changed after the original was verified', async () => {
    const tokens = new AccessTokens(SECRET, 60);
    const { token } = await tokens.issue(claims);
    assert.ok(await tokens.verify(token));
    assert.equal(await tokens.verify(tampered(token)), undefined);
    const [header, , signature] = token.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ sub: '1', tid: 0, sid: 's-1', iat_ms: Date.now(), exp: 9_999_999_999 })).toString('base64url');
    assert.equal(await tokens.verify(`${header}.${otherPayload}.${signature}`), undefined, 'another payload under the same signature');
  });

  it('refuses a remembered token once it has expired', async () => {
    const tokens = new AccessTokens(SECRET, 60);
    // Issued 58 s ago with a 60 s lifetime (in whole seconds): valid for one to two more seconds.
    const { token } = await tokens.issue(claims, Date.now() - 58_000);
    assert.ok(await tokens.verify(token));
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    assert.equal(await tokens.verify(token), undefined);
  });

  it('refuses a token signed with another secret, even one this verifier has seen', async () => {
    const mine = new AccessTokens(SECRET, 60);
    const theirs = new AccessTokens(`${SECRET}-other`, 60);
    const { token } = await theirs.issue(claims);
    assert.ok(await theirs.verify(token));
    assert.equal(await mine.verify(token), undefined);
  });
});
