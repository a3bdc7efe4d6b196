import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../../src/data/database.js';
import { createData } from '../../../src/data/index.js';
import { migrateToLatest } from '../../../src/data/migrator.js';
import { HOST_TENANT_ID } from '../../../src/domain/caller.js';
import { CredentialGate, subject } from '../../../src/services/security/credential-gate.js';
import { openTestDatabase, testEngines } from '../../helpers/engines.js';

const WINDOW_SECONDS = 3600;

// Every sign-out and deleted key is a revocation the gate keeps in memory; a process that lives for months must
// not keep them all (the soak of RELIABILITY.md). It keeps what a restart would load: the window's.
for (const engine of testEngines()) {
  describe(`the credential gate’s revocations in memory on ${engine.name}`, () => {
    let database: Database;
    let gate: CredentialGate;
    before(async () => {
      database = await openTestDatabase(engine);
      await migrateToLatest(database);
      gate = new CredentialGate(createData(database.db), WINDOW_SECONDS);
      await gate.start(database, 3_600_000);
    });
    after(async () => {
      await gate.stop();
      await database.close();
    });

    it('forgets revocations older than the window, which only concern expired credentials, and keeps the others', async () => {
      const data = createData(database.db);
      const sessions = Array.from({ length: 5 }, () => subject.session(randomUUID()));
      await data.securityEvents.append(sessions.map((s) => ({ tenantId: HOST_TENANT_ID, kind: 'revoke' as const, subject: s })));
      await gate.sync();
      const issuedBefore = Date.now() - 60_000;
      for (const s of sessions) assert.equal(gate.allows([s], issuedBefore), false, 'revoked');
      const held = gate.revocationCount;
      assert.ok(held >= sessions.length);

      // Within the window nothing is forgotten.
      gate.forgetExpiredRevocations(Date.now() + (WINDOW_SECONDS - 60) * 1000);
      assert.equal(gate.revocationCount, held);
      for (const s of sessions) assert.equal(gate.allows([s], issuedBefore), false, 'still revoked within the window');

      // Past the window the revocations are gone, as after a restart; a credential issued before them has expired.
      gate.forgetExpiredRevocations(Date.now() + (WINDOW_SECONDS + 60) * 1000);
      assert.equal(gate.revocationCount, 0);
    });
  });
}
