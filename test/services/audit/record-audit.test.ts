import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEntry } from '../../../src/data/audit-log.js';
import type { Caller } from '../../../src/domain/caller.js';
import { requestOrigin } from '../../../src/domain/request-origin.js';
import { changeSummary, recordAudit } from '../../../src/services/audit/record-audit.js';

/** An audit log that keeps what it is given, to see what `recordAudit` writes. */
function memoryLog() {
  const entries: AuditEntry[] = [];
  return { entries, tx: { auditLog: { append: async (entry: AuditEntry) => void entries.push(entry) } } as never };
}

const from = requestOrigin('203.0.113.7', 'Browser/1');
const caller: Caller = {
  userId: 12,
  tenantId: 3,
  userName: 'ada',
  permissions: new Set(),
  credential: 'access_token',
  origin: 'password',
  from,
};

describe('recordAudit', () => {
  it('takes who acted and where from off the caller', async () => {
    const log = memoryLog();
    await recordAudit(log.tx, caller, { tenantId: 3, action: 'user.updated', target: 'user:5', actor: { tenantId: 9, userId: 9 } });
    assert.deepEqual(log.entries[0], {
      tenantId: 3,
      actor: { tenantId: 3, userId: 12, userName: 'ada' },
      action: 'user.updated',
      target: 'user:5',
      details: null,
      before: null,
      after: null,
      clientIp: '203.0.113.7',
      userAgent: 'Browser/1',
      // A caller acting as itself has no impersonator (impersonated sessions name theirs: test/http/rpc/impersonation).
      impersonator: null,
    });
  });

  it('records the origin of a request without a caller, and nothing of one for the system', async () => {
    const log = memoryLog();
    await recordAudit(log.tx, from, { tenantId: 3, action: 'sign_in.failed', actor: { tenantId: 3, userId: 5 } });
    await recordAudit(log.tx, 'system', { tenantId: 3, action: 'tenant.purged' });
    assert.deepEqual(
      log.entries.map((e) => [e.actor, e.clientIp, e.userAgent]),
      [
        [{ tenantId: 3, userId: 5 }, '203.0.113.7', 'Browser/1'],
        [null, null, null],
      ],
    );
  });
});

describe('changeSummary', () => {
  it('keeps only the fields that changed, as they were and as they became', () => {
    assert.deepEqual(changeSummary({ name: 'Ada', isActive: true, roles: ['A'] }, { name: 'Grace', isActive: true, roles: ['A', 'B'] }), {
      before: { name: 'Ada', roles: ['A'] },
      after: { name: 'Grace', roles: ['A', 'B'] },
    });
  });

  it('answers nulls when nothing changed', () => {
    assert.deepEqual(changeSummary({ name: 'Ada' }, { name: 'Ada' }), { before: null, after: null });
  });
});

describe('requestOrigin', () => {
  it('cuts a long user agent and reads empty values as unknown', () => {
    assert.equal(requestOrigin('', 'x'.repeat(600)).userAgent?.length, 512);
    assert.deepEqual(requestOrigin(undefined, undefined), { clientIp: null, userAgent: null });
  });
});
