import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../helpers/engines.js';
import { HOST_ADMIN_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.js';
import { WHO_AM_I } from '../helpers/http.js';

for (const engine of testEngines()) {
  describe(`operations endpoints and RPC conventions on ${engine.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t.close());

    it('reports health with a database check', async () => {
      const answer = await t.http.get('/health');
      assert.equal(answer.status, 200);
      assert.equal(answer.body.status, 'ok');
      assert.equal(answer.body.database, 'ok');
      assert.equal(answer.body.engine, engine.name);
    });

    it('publishes OpenAPI 3.1 that documents the RPC methods, and a browsable reference', async () => {
      const spec = await t.http.get('/openapi.json');
      assert.equal(spec.status, 200);
      assert.equal(spec.body.openapi, '3.1.0');
      assert.ok(spec.body.paths['/api/TokenAuth/Authenticate'].post);
      assert.ok(spec.body.paths[WHO_AM_I].get);
      const docs = await t.http.get('/docs/');
      assert.equal(docs.status, 200);
      assert.match(docs.headers.get('content-type') ?? '', /html/);
    });

    it('answers an unknown RPC method with a 404 in the ABP error body', async () => {
      const answer = await t.http.post('/api/services/CRM/Nothing/Here', {});
      assert.equal(answer.status, 404);
      assert.equal(answer.body.success, false);
      assert.equal(answer.body.__abp, true);
    });

    it('routes RPC paths ignoring case and repeated slashes', async () => {
      const token = await t.http.signIn('admin', HOST_ADMIN_PASSWORD);
      const answer = await t.http.get('//api/services/APP/session/getcurrentlogininformations', { token });
      assert.equal(answer.status, 200);
      assert.equal(answer.body.user.userName, 'admin');
    });

    it('wraps answers in the ABP envelope only when asked', async () => {
      const token = await t.http.signIn('admin', HOST_ADMIN_PASSWORD);
      const plain = await t.http.get(WHO_AM_I, { token });
      assert.equal(plain.body.result, undefined);
      const wrapped = await t.http.get(WHO_AM_I, { token, headers: { 'abp-envelope': 'true' } });
      assert.equal(wrapped.status, 200);
      assert.equal(wrapped.body.success, true);
      assert.equal(wrapped.body.__abp, true);
      assert.equal(wrapped.body.result.user.userName, 'admin');
      const voidAnswer = await t.http.post('/api/TokenAuth/LogOut', {}, { token, headers: { 'abp-envelope': 'true' } });
      assert.deepEqual(voidAnswer.body, { result: null, targetUrl: null, success: true, error: null, unAuthorizedRequest: false, __abp: true });
    });

    it('answers 401 with unAuthorizedRequest to a method that needs a caller', async () => {
      const answer = await t.http.get(WHO_AM_I);
      assert.equal(answer.status, 401);
      assert.equal(answer.body.unAuthorizedRequest, true);
    });
  });

  describe(`the envelope as a server setting on ${engine.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine, { ABP_ENVELOPE: 'true' });
    });
    after(() => t.close());

    it('wraps every answer, and a request can still opt out', async () => {
      const signIn = await t.http.post('/api/TokenAuth/Authenticate', { userNameOrEmailAddress: 'admin', password: HOST_ADMIN_PASSWORD });
      assert.equal(signIn.body.success, true);
      assert.equal(typeof signIn.body.result.accessToken, 'string');
      const plain = await t.http.get(WHO_AM_I, { token: signIn.body.result.accessToken, headers: { 'abp-envelope': 'false' } });
      assert.equal(plain.body.user.userName, 'admin');
    });
  });
}
