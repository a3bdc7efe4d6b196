import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { signatureHeader, verifySignature } from '../../../src/services/events/signature.js';

describe('the Tenantry-Signature scheme', () => {
  const secret = 'whsec_test';
  const body = '{"type":"LeadCreated"}';

  it('is t=<seconds>,v1=<hex HMAC-SHA256 of "t.body">, as a receiver recomputes it', () => {
    const header = signatureHeader(secret, 1_700_000_000, body);
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    assert.equal(header, `t=1700000000,v1=${expected}`);
    assert.equal(verifySignature(secret, header, body, { nowSeconds: 1_700_000_010 }), true);
  });

  it('refuses another body, another secret and an old timestamp', () => {
    const header = signatureHeader(secret, 1_700_000_000, body);
    assert.equal(verifySignature(secret, header, `${body} `, { nowSeconds: 1_700_000_000 }), false);
    assert.equal(verifySignature('whsec_other', header, body, { nowSeconds: 1_700_000_000 }), false);
    assert.equal(verifySignature(secret, header, body, { nowSeconds: 1_700_000_000 + 3600 }), false);
    assert.equal(verifySignature(secret, 'garbage', body), false);
  });
});
