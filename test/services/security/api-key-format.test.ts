import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { apiKeyDisplayPrefix, formatApiKey, newApiKeySecret, parseApiKey } from '../../../src/services/security/api-key-format.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

describe('the API key format', () => {
  it('makes keys that scanners can recognise and that parse back to their parts', () => {
    const parts = { tenantId: 42, id: 1234, secret: newApiKeySecret() };
    const key = formatApiKey(parts);
    assert.match(key, /^tnt_(0|[1-9][0-9]{0,9})_[1-9][0-9]{0,15}_[0-9A-Za-z]{49}$/);
    assert.deepEqual(parseApiKey(key), parts);
    assert.equal(apiKeyDisplayPrefix(parts), key.slice(0, 'tnt_42_1234_'.length + 4));
  });

  it('draws secrets of 43 base62 characters that do not repeat', () => {
    const secrets = new Set(Array.from({ length: 200 }, () => newApiKeySecret()));
    assert.equal(secrets.size, 200);
    for (const secret of secrets) assert.match(secret, /^[0-9A-Za-z]{43}$/);
  });

  it('round-trips every tenant and key id', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_147_483_647 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (tenantId, id) => {
        const parts = { tenantId, id, secret: newApiKeySecret() };
        assert.deepEqual(parseApiKey(formatApiKey(parts)), parts);
      }),
    );
  });

  it('rejects any key with one character changed, without looking it up', () => {
    const key = formatApiKey({ tenantId: 7, id: 99, secret: newApiKeySecret() });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: key.length - 1 }), fc.constantFrom(...BASE62, '_'), (position, replacement) => {
        fc.pre(key[position] !== replacement);
        assert.equal(parseApiKey(`${key.slice(0, position)}${replacement}${key.slice(position + 1)}`), undefined);
      }),
    );
  });

  it('rejects truncated, padded and foreign credentials', () => {
    const key = formatApiKey({ tenantId: 7, id: 99, secret: newApiKeySecret() });
    for (const bad of ['', 'tnt_', key.slice(0, -1), `${key}0`, ` ${key}`, key.replace('tnt_', 'TNT_'), key.replace('tnt_7_', 'tnt_07_'), 'a.b.c']) {
      assert.equal(parseApiKey(bad), undefined, bad);
    }
  });
});
