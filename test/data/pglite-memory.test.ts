import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../src/data/database.js';
import { DEFAULT_EMBEDDED_SHARED_BUFFERS_MB } from '../../src/data/pglite-memory.js';

// PostgreSQL's 128 MB buffer pool is resident from the start inside WebAssembly (RELIABILITY.md, Memory).
describe('the embedded engine’s buffer pool', () => {
  it('is small by default and takes EMBEDDED_SHARED_BUFFERS_MB', async () => {
    for (const [mb, expected] of [
      [undefined, `${DEFAULT_EMBEDDED_SHARED_BUFFERS_MB}MB`],
      [24, '24MB'],
    ] as const) {
      const database = await openDatabase({ dataDir: 'memory://', ...(mb ? { embeddedSharedBuffersMb: mb } : {}) });
      try {
        const { rows } = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(database.db);
        assert.equal(rows[0]!.shared_buffers, expected);
      } finally {
        await database.close();
      }
    }
  });
});
