import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql, type KyselyPlugin } from 'kysely';
import { createData, type Queries } from '../../../src/data/index.js';
import { whileHoldingIdempotencyKey } from '../../../src/data/idempotency-commit-marks.js';
import type { IdempotencyKeyId } from '../../../src/data/idempotency-keys.js';
import type { Caller } from '../../../src/domain/caller.js';
import { testEngines } from '../../helpers/engines.js';
import { createTenant, unique } from '../../helpers/fixtures.js';
import { RPC, hostUserWith } from '../../helpers/onboarding.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const CREATE_ROLE = '/api/services/Platform/Role/CreateRole';
/** Past the two minutes after which an unanswered first request counts as abandoned (its process died). */
const PAST_ABANDONED = sql<Date>`now() - interval '3 minutes'`;

// The crash between a request's commit and the statement that keeps its answer, simulated honestly: the method
// runs for real under its key (over HTTP, or through the very service calls the RPC layer makes), and then its
// answer is never kept, as when the process dies first; the clock is moved past the abandoned period on the row.
for (const engine of testEngines()) {
  describe(`a request whose answer to an Idempotency-Key was lost, on ${engine.name}`, () => {
    let t: TestApp;
    let host: { token: string; caller: Caller };
    before(async () => {
      t = await startTestApp(engine);
      const { token } = await hostUserWith(t, ['Catalogue.Manage']);
      host = { token, caller: await t.services.auth.callerFromBearer(token) };
    });
    after(() => t.close());

    const keyRow = (id: { tenantId: number; userId: number; key: string }) =>
      t.database.db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('tenant_id', '=', id.tenantId)
        .where('user_id', '=', id.userId)
        .where('key', '=', id.key)
        .executeTakeFirst();
    /** What a death of the process before the answer was kept leaves: the row unanswered, and older than the abandoned period. */
    const loseAnswer = async (id: IdempotencyKeyId, age = PAST_ABANDONED) => {
      await t.database.db
        .updateTable('idempotency_keys')
        .set({ status_code: null, content_type: null, body: null, created_at: age })
        .where('tenant_id', '=', id.tenantId)
        .where('user_id', '=', id.userId)
        .where('key', '=', id.key)
        .execute();
    };
    const productBody = () => ({ name: unique('Plan '), description: 'A plan', prices: [{ paymentPeriodType: 'Monthly', amount: 9.5, currency: 'USD' }] });
    const createProduct = (body: unknown, key: string) => t.http.post(RPC.createProduct, body, { token: host.token, headers: { 'idempotency-key': key } });
    const productsNamed = async (name: string) => (await t.database.db.selectFrom('products').select('id').where('name', '=', name).execute()).length;
    const hostKey = (key: string): IdempotencyKeyId => ({ tenantId: host.caller.tenantId, userId: host.caller.userId, key });

    it('marks the key in the transaction of the change, and answers a retry after the lost answer 409 without running it again', async () => {
      const key = randomUUID();
      const body = productBody();
      const first = await createProduct(body, key);
      assert.equal(first.status, 200, first.text);
      const marked = await keyRow(hostKey(key));
      assert.ok(marked?.committed_at instanceof Date, 'the key is marked as carried out');
      assert.ok(marked.committed_at.getTime() <= Date.now() + 60_000);

      await loseAnswer(hostKey(key), sql<Date>`now()`);
      const meanwhile = await createProduct(body, key);
      assert.equal(meanwhile.status, 409, meanwhile.text);
      assert.match(meanwhile.body.error.message, /still being answered/);

      await loseAnswer(hostKey(key));
      for (let attempt = 0; attempt < 2; attempt++) {
        const retry = await createProduct(body, key);
        assert.equal(retry.status, 409, retry.text);
        assert.equal(retry.body.success, false);
        assert.match(retry.body.error.message, /carried out, but its answer was lost/);
        assert.deepEqual(retry.body.error.validationErrors[0].members, ['Idempotency-Key']);
        assert.equal(retry.headers.get('idempotent-replayed'), null);
      }
      assert.equal(await productsNamed(body.name), 1);
      assert.equal((await keyRow(hostKey(key)))?.status_code, null, 'a refused retry keeps nothing as an answer');
    });

    it('marks the key under row-level security in a tenant caller’s transaction too', async () => {
      const tenant = await createTenant(t);
      const token = await t.http.signIn('admin', tenant.password, tenant.tenant.tenancy_name);
      const caller = await t.services.auth.callerFromBearer(token);
      const key = randomUUID();
      const body = { name: unique('Clerks'), grantedPermissionNames: [] };
      const createRole = () => t.http.post(CREATE_ROLE, body, { token, headers: { 'idempotency-key': key } });
      const first = await createRole();
      assert.equal(first.status, 200, first.text);
      const id = { tenantId: tenant.tenant.id, userId: caller.userId, key };
      assert.ok((await keyRow(id))?.committed_at instanceof Date, 'the tenant transaction marked the key');

      await loseAnswer(id);
      const retry = await createRole();
      assert.equal(retry.status, 409, retry.text);
      assert.match(retry.body.error.message, /carried out, but its answer was lost/);
      const roles = await t.database.db.selectFrom('roles').select('id').where('tenant_id', '=', tenant.tenant.id).where('name', '=', body.name).execute();
      assert.equal(roles.length, 1);
    });

    it('refuses a second run when the process died after the service committed, before any answer was kept', async () => {
      const key = randomUUID();
      const body = productBody();
      // What the RPC layer does for a POST with a key, up to the death of its process: claim, run the method, no answer.
      const start = await t.services.idempotencyKeys.start(host.caller, key, RPC.createProduct, body);
      assert.equal(start.kind, 'run');
      if (start.kind !== 'run') return;
      await t.services.idempotencyKeys.run(start.id, () => t.services.products.create(host.caller, body));
      await loseAnswer(start.id);

      const retry = await createProduct(body, key);
      assert.equal(retry.status, 409, retry.text);
      assert.match(retry.body.error.message, /carried out, but its answer was lost/);
      assert.equal(await productsNamed(body.name), 1);
    });

    it('runs a request again whose transaction never committed before its process died', async () => {
      const key = randomUUID();
      const body = productBody();
      const start = await t.services.idempotencyKeys.start(host.caller, key, RPC.createProduct, body);
      assert.equal(start.kind, 'run');
      if (start.kind !== 'run') return;
      await assert.rejects(
        t.services.idempotencyKeys.run(start.id, () =>
          t.data.transaction(async (tx) => {
            await tx.products.insert({ name: body.name, description: body.description }, []);
            throw new Error('the process died before the commit');
          }),
        ),
        /died before the commit/,
      );
      assert.equal((await keyRow(start.id))?.committed_at, null, 'a rolled-back transaction leaves no mark');
      assert.equal(await productsNamed(body.name), 0);

      await loseAnswer(start.id);
      const retry = await createProduct(body, key);
      assert.equal(retry.status, 200, retry.text);
      assert.equal(retry.headers.get('idempotent-replayed'), null);
      assert.equal(await productsNamed(body.name), 1);
      const replay = await createProduct(body, key);
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.equal(replay.text, retry.text);
      assert.equal(await productsNamed(body.name), 1);
    });

    it('keeps the key of a request that failed on the server after its change committed', async () => {
      const key = randomUUID();
      const body = productBody();
      const start = await t.services.idempotencyKeys.start(host.caller, key, RPC.createProduct, body);
      if (start.kind !== 'run') return assert.fail('the key was free');
      await t.services.idempotencyKeys.run(start.id, () => t.services.products.create(host.caller, body));
      // A fault after the commit (a later step failed): 5xx answers are not kept, but this key is not freed either.
      await t.services.idempotencyKeys.finish(start.id, { statusCode: 500, contentType: 'application/json', body: '{}' });
      const kept = await keyRow(start.id);
      assert.ok(kept?.committed_at instanceof Date);
      assert.equal(kept.status_code, null);

      await loseAnswer(start.id);
      const retry = await createProduct(body, key);
      assert.equal(retry.status, 409, retry.text);
      assert.match(retry.body.error.message, /carried out, but its answer was lost/);
      assert.equal(await productsNamed(body.name), 1);
    });

    it('still frees the key of a request that failed on the server before anything committed', async () => {
      const key = randomUUID();
      const start = await t.services.idempotencyKeys.start(host.caller, key, RPC.createProduct, productBody());
      if (start.kind !== 'run') return assert.fail('the key was free');
      await t.services.idempotencyKeys.finish(start.id, { statusCode: 503, contentType: 'application/json', body: '{}' });
      assert.equal(await keyRow(start.id), undefined);
    });

    it('adds one statement to the first committing transaction of a request holding a key, and none otherwise', async () => {
      let statements = 0;
      const counter: KyselyPlugin = {
        transformQuery(args) {
          statements++;
          return args.node;
        },
        async transformResult(args) {
          return args.result;
        },
      };
      const data = createData(t.database.db.withPlugin(counter));
      const tenant = await createTenant(t);
      const work = async (tx: Queries) => {
        await tx.tenants.findAny(tenant.tenant.id);
      };
      const counted = async (run: () => Promise<unknown>) => {
        statements = 0;
        await run();
        return statements;
      };
      const plain = await counted(() => data.transaction(work));
      const plainTenant = await counted(() => data.tenantTransaction(tenant.tenant.id, work));

      const id = { tenantId: tenant.tenant.id, userId: 1, key: randomUUID() };
      await t.data.idempotencyKeys.claim(id, { method: 'test', fingerprint: Buffer.from('x') }, { retentionSeconds: 60, abandonedSeconds: 60 });
      const [first, second] = await whileHoldingIdempotencyKey(id, async () => [
        await counted(() => data.tenantTransaction(tenant.tenant.id, work)),
        await counted(() => data.transaction(work)),
      ]);
      assert.equal(first, plainTenant + 1);
      assert.equal(second, plain, 'a later transaction of the same request does not mark again');
      assert.ok((await keyRow(id))?.committed_at instanceof Date);
    });
  });
}
