import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invalidMethodPaths, isMethodPath, methodPathAllowed, normaliseMethodPath, parseMethodPaths } from '../../src/domain/method-paths.js';

describe('API method paths', () => {
  it('normalises case, the /api/services/ prefix, leading, trailing and repeated slashes', () => {
    for (const spelling of [
      'Platform/ApiKey/GetAll',
      '/platform/apikey/getall',
      'api/services/Platform/ApiKey/GetAll',
      '/API/SERVICES/Platform/ApiKey/GetAll/',
      '//api//services/platform/apikey/getall?x=1',
    ]) {
      assert.equal(normaliseMethodPath(spelling), '/platform/apikey/getall', spelling);
    }
  });

  it('knows a method path or REST resource by its shape', () => {
    for (const good of ['Platform/ApiKey/GetAll', '/api/services/app/Session/GetCurrentLoginInformations', 'api/TokenAuth/Authenticate', '/networking/rest/tenant', '/networking/rest/tenant/12']) {
      assert.ok(isMethodPath(good), good);
    }
    for (const bad of ['string', 'Platform/ApiKey', 'Platform/ApiKey/GetAll/More', '/api/services/Platform', '/networking/rest', 'Platform/Api Key/GetAll', 'Platform/ApiKey/GetAll?x=1', '*', 'x'.repeat(300)]) {
      assert.ok(!isMethodPath(bad), bad);
    }
  });

  it('names the entries of a comma-separated list that are not paths', () => {
    assert.deepEqual(invalidMethodPaths('Platform/ApiKey/GetAll, string ,,/networking/rest/tenant,foo/bar'), ['string', 'foo/bar']);
    assert.deepEqual(invalidMethodPaths(''), []);
  });

  it('parses a list into distinct normalised paths', () => {
    assert.deepEqual(parseMethodPaths(' Platform/ApiKey/GetAll, /api/services/platform/apikey/GETALL ,app/Session/GetCurrentLoginInformations'), [
      '/platform/apikey/getall',
      '/app/session/getcurrentlogininformations',
    ]);
    assert.deepEqual(parseMethodPaths(null), []);
  });

  it('allows exactly the listed methods, and a REST resource with everything under it', () => {
    const allowed = parseMethodPaths('Platform/ApiKey/GetAll,/networking/rest/tenant');
    assert.ok(methodPathAllowed(allowed, '/api/services/Platform/ApiKey/GetAll'));
    assert.ok(!methodPathAllowed(allowed, '/api/services/Platform/ApiKey/Generate'));
    assert.ok(!methodPathAllowed(allowed, '/api/services/Platform/ApiKey/GetAllX'));
    assert.ok(methodPathAllowed(allowed, '/networking/rest/tenant/12'));
    assert.ok(methodPathAllowed(allowed, '/networking/rest/tenant?alt=json'));
    assert.ok(!methodPathAllowed(allowed, '/networking/rest/tenants'));
    assert.ok(!methodPathAllowed(allowed, '/networking/rest/login'));
    assert.ok(methodPathAllowed([], '/anything/at/all'), 'no paths: any method');
  });
});
