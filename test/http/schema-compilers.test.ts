import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../src/app.js';
import { LazySchemaCompilers } from '../../src/http/lazy-schema-compilers.js';
import { testEngines } from '../helpers/engines.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

// Routes compile their schemas on first use (src/http/lazy-schema-compilers.ts): nothing may be left that fails only then.
describe('the routes’ schema compilers', () => {
  const [engine] = testEngines();
  let t: TestApp;
  before(async () => {
    t = await startTestApp(engine!);
  });
  after(() => t.close());

  it('compile a route’s schemas on its first request, and every schema of every route compiles', async () => {
    const schemaCompilers = new LazySchemaCompilers();
    const app = await buildApp({ services: t.services, logger: t.app.log, schemaCompilers });
    try {
      await app.ready();
      const refused = await app.inject({ method: 'POST', url: '/api/TokenAuth/Authenticate', payload: { userNameOrEmailAddress: ['admin'], password: 'x' } });
      assert.equal(refused.statusCode, 400, 'the first request validates as before');
      assert.match(refused.body, /userNameOrEmailAddress/);
      const compiled = schemaCompilers.compileAll();
      assert.ok(compiled > 100, `every route's validators and serializers are compiled here (${compiled})`);
      assert.equal(schemaCompilers.compileAll(), 0, 'and each once');
    } finally {
      await app.close();
    }
  });
});
