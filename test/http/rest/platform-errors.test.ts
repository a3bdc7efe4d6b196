import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError, errorCodes, type ErrorCode } from '../../../src/domain/errors.js';
import { invalidTenantId, platformError, unknownResource } from '../../../src/http/rest/platform-errors.js';

describe('AgileApps platform codes of application errors', () => {
  it('maps every application error code to its platform code and HTTP status', () => {
    const expected: Record<ErrorCode, [number, string]> = {
      validation: [400, '-300'],
      unauthenticated: [401, '-101'],
      forbidden: [403, '-850'],
      not_found: [404, '-200'],
      conflict: [409, '-300'],
      unsupported_media_type: [415, '-300'],
      malformed_payload: [400, '-4601'],
      payload_too_large: [413, '-4601'],
      method_not_allowed: [405, '-300'],
      feature_disabled: [403, '-4600'],
      rate_limited: [429, '-300'],
      internal: [500, '-1'],
      unavailable: [503, '-1'],
    };
    for (const code of errorCodes) {
      const { status, code: platform } = platformError(new AppError(code, 'x'));
      assert.deepEqual([status, platform], expected[code], code);
    }
  });

  it('answers -4006 for an id that cannot be a tenant id and -300 for an unknown resource', () => {
    assert.deepEqual(platformError(invalidTenantId('abc')), { status: 400, code: '-4006', description: '"abc" is not a valid tenant id.' });
    assert.equal(platformError(unknownResource('GET', '/networking/rest/x')).code, '-300');
    assert.equal(platformError(unknownResource('GET', '/networking/rest/x')).status, 404);
  });

  it('names every field of a validation failure in the description', () => {
    const error = AppError.validation([
      { field: 'city', message: 'The city field is required.' },
      { field: 'email', message: 'Not an e-mail address.' },
    ]);
    assert.equal(platformError(error).description, 'city: The city field is required. email: Not an e-mail address.');
  });
});
