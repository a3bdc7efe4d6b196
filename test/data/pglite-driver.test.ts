import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../../src/data/database.js';

describe('the embedded database adapter', () => {
  let database: Database;
  before(async () => {
    database = await openDatabase({ dataDir: 'memory://' });
    await sql`create table items (id integer primary key, label text not null)`.execute(database.db);
  });
  after(() => database.close());

  it('runs queries with parameters and reports affected rows', async () => {
    const inserted = await database.db
      .insertInto('items' as never)
      .values({ id: 1, label: "it's" } as never)
      .executeTakeFirst();
    assert.equal(inserted.numInsertedOrUpdatedRows, 1n);
    const row = await sql<{ label: string }>`select label from items where id = ${1}`.execute(database.db);
    assert.equal(row.rows[0]?.label, "it's");
  });

  it('keeps concurrent transactions apart: each sees only its own work until commit', async () => {
    const order: string[] = [];
    const slow = database.db.transaction().execute(async (trx) => {
      order.push('slow:start');
      await sql`insert into items values (10, 'slow')`.execute(trx);
      await new Promise((resolve) => setTimeout(resolve, 50));
      order.push('slow:end');
    });
    const fast = database.db.transaction().execute(async (trx) => {
      order.push('fast:start');
      const seen = await sql<{ n: number }>`select count(*)::int as n from items where id = 10`.execute(trx);
      order.push(`fast:saw ${seen.rows[0]?.n}`);
    });
    await Promise.all([slow, fast]);
    assert.deepEqual(order, ['slow:start', 'slow:end', 'fast:start', 'fast:saw 1'], 'the second transaction waited for the first');
  });

  it('rolls a failed transaction back entirely and frees the connection for the next one', async () => {
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        await sql`insert into items values (20, 'doomed')`.execute(trx);
        await sql`insert into items values (20, 'duplicate')`.execute(trx);
      }),
      (error: { code?: string }) => error.code === '23505',
    );
    const left = await sql<{ n: number }>`select count(*)::int as n from items where id = 20`.execute(database.db);
    assert.equal(left.rows[0]?.n, 0);
  });

  it('answers plain queries that arrive while a transaction holds the connection after it', async () => {
    let committed = false;
    const tx = database.db.transaction().execute(async (trx) => {
      await sql`insert into items values (30, 'pending')`.execute(trx);
      await new Promise((resolve) => setTimeout(resolve, 30));
      committed = true;
    });
    const read = sql<{ n: number }>`select count(*)::int as n from items where id = 30`.execute(database.db).then((r) => ({ n: r.rows[0]?.n, committed }));
    const [, seen] = await Promise.all([tx, read]);
    assert.deepEqual(seen, { n: 1, committed: true });
  });

  it('delivers notifications to listeners', async () => {
    const received: string[] = [];
    const stop = await database.listen('test_channel', (payload) => received.push(payload));
    await sql`select pg_notify('test_channel', 'hello')`.execute(database.db);
    for (let i = 0; i < 50 && received.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await stop();
    assert.deepEqual(received, ['hello']);
  });
});
