import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { MAIL_TOPIC, type MailMessage } from '../../../src/domain/mail.js';
import { OutboxDispatcher } from '../../../src/services/outbox/dispatcher.js';
import { smtpMailer } from '../../../src/services/outbox/smtp-mail.js';
import { createLogger } from '../../../src/http/logging.js';
import { testEngines, type TestEngine } from '../../helpers/engines.js';
import { createTenant, unique } from '../../helpers/fixtures.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { waitFor } from '../../helpers/wait-for.js';

// A poll far longer than any wait below: deliveries must come from the enqueue's wake-up or a retry timer.
const outboxEnv = {
  OUTBOX_POLL_MS: '600000',
  OUTBOX_LEASE_MS: '10000',
  OUTBOX_RETRY_BASE_MS: '20',
  OUTBOX_RETRY_MAX_MS: '200',
  OUTBOX_MAX_ATTEMPTS: '4',
};

function mail(subject = unique('Subject ')): MailMessage {
  return { to: `${unique('rcpt')}@example.com`, subject, text: `Hello,\nthis is ${subject}.` };
}

async function enqueue(t: TestApp, tenantId: number, ...messages: MailMessage[]): Promise<void> {
  await t.data.transaction(async (tx) => {
    for (const message of messages) await tx.outbox.enqueue({ tenantId, topic: MAIL_TOPIC, payload: message });
  });
}

async function rowOf(t: TestApp, tenantId: number, to: string) {
  const rows = await t.data.outbox.listForTenant(tenantId, MAIL_TOPIC);
  const row = rows.find((r) => (r.payload as MailMessage).to === to);
  assert.ok(row, `an outbox row for ${to}`);
  return row;
}

/** A second deliverer on the same database: another instance on PostgreSQL, another dispatcher on PGlite. */
async function secondDispatcher(t: TestApp, engine: TestEngine, smtpUrl: string): Promise<{ drain(): Promise<void>; close(): Promise<void> }> {
  if (engine.databaseUrl) {
    const other = await startTestApp(engine, { ...outboxEnv, SMTP_URL: smtpUrl });
    return { drain: () => other.internals.outbox.drain(), close: () => other.close() };
  }
  // The embedded database belongs to one process: the second dispatcher shares it.
  const dispatcher = new OutboxDispatcher(t.data, t.config.outbox, createLogger(t.config));
  const mailer = smtpMailer(smtpUrl, t.config.mailFrom);
  dispatcher.handle(MAIL_TOPIC, mailer.deliver);
  await dispatcher.start(t.database);
  return {
    drain: () => dispatcher.drain(),
    close: async () => {
      await dispatcher.stop();
      mailer.close();
    },
  };
}

for (const engine of testEngines()) {
  describe(`e-mail delivery from the outbox on ${engine.name}`, () => {
    let smtp: SmtpSink;
    let t: TestApp;
    let tenantId: number;
    before(async () => {
      smtp = await startSmtpSink();
      t = await startTestApp(engine, { ...outboxEnv, SMTP_URL: smtp.url, MAIL_FROM: 'Tenantry <no-reply@mail.tenantry.test>' });
      tenantId = (await createTenant(t)).tenant.id;
    });
    after(async () => {
      await t.close();
      await smtp.close();
    });

    it('delivers an enqueued mail once, with its recipient, subject and body, as soon as it is committed', async () => {
      const message = mail();
      await enqueue(t, tenantId, message);
      const [received] = await waitFor(() => smtp.mailsTo(message.to).length > 0 && smtp.mailsTo(message.to), 'the mail to arrive');
      assert.equal(received!.headers.get('to'), message.to);
      assert.equal(received!.headers.get('subject'), message.subject);
      assert.match(received!.headers.get('from') ?? '', /no-reply@mail\.tenantry\.test/);
      assert.equal(received!.body.replace(/\r\n/g, '\n'), message.text);

      const row = await waitFor(async () => {
        const r = await rowOf(t, tenantId, message.to);
        return r.delivered_at !== null && r;
      }, 'the row to be marked delivered');
      assert.equal(row.attempts, 1);
      assert.equal(row.last_error, null);
      assert.match(received!.headers.get('message-id') ?? '', new RegExp(`^<outbox\\.${tenantId}\\.${row.id}\\.\\d+@mail\\.tenantry\\.test>$`));

      await t.internals.outbox.drain();
      const sentinel = mail();
      await enqueue(t, tenantId, sentinel);
      await waitFor(() => smtp.mailsTo(sentinel.to).length > 0, 'a later mail to arrive');
      assert.equal(smtp.mailsTo(message.to).length, 1, 'a delivered mail is never sent again');
    });

    it('retries a mail the server refuses for now, with back-off, and delivers it later', async () => {
      const message = mail();
      smtp.refuse = (recipient, offer) => (recipient === message.to && offer <= 2 ? { code: 451, message: 'Try again later' } : undefined);
      await enqueue(t, tenantId, message);
      const row = await waitFor(async () => {
        const r = await rowOf(t, tenantId, message.to);
        return r.delivered_at !== null && r;
      }, 'the refused mail to be delivered after retries');
      assert.equal(row.attempts, 3);
      assert.equal(row.last_error, null, 'a delivery clears the last error');
      assert.equal(smtp.offers.get(message.to), 3);
      assert.equal(smtp.mailsTo(message.to).length, 1);
    });

    it('gives a mail up after the last allowed attempt and keeps it, undelivered, with the error', async () => {
      const message = mail();
      smtp.refuse = (recipient) => (recipient === message.to ? { code: 452, message: 'Mailbox full, try later' } : undefined);
      await enqueue(t, tenantId, message);
      const row = await waitFor(async () => {
        const r = await rowOf(t, tenantId, message.to);
        return r.failed_at !== null && r;
      }, 'the mail to be given up');
      assert.equal(row.delivered_at, null);
      assert.equal(row.attempts, 4);
      assert.match(row.last_error ?? '', /Mailbox full/);
      assert.equal(smtp.mailsTo(message.to).length, 0);
    });

    it('gives up at once on a recipient the server refuses for good', async () => {
      const message = mail();
      smtp.refuse = (recipient) => (recipient === message.to ? { code: 550, message: 'No such user' } : undefined);
      await enqueue(t, tenantId, message);
      const row = await waitFor(async () => {
        const r = await rowOf(t, tenantId, message.to);
        return r.failed_at !== null && r;
      }, 'the mail to be given up');
      assert.equal(row.attempts, 1);
      assert.match(row.last_error ?? '', /refused the recipient.*No such user/);
      assert.equal(smtp.offers.get(message.to), 1);
    });

    it('gives up a malformed message without sending anything', async () => {
      const to = `${unique('rcpt')}@example.com`;
      await t.data.transaction((tx) => tx.outbox.enqueue({ tenantId, topic: MAIL_TOPIC, payload: { to, text: 'no subject' } }));
      const row = await waitFor(async () => {
        const r = await rowOf(t, tenantId, to);
        return r.failed_at !== null && r;
      }, 'the malformed mail to be given up');
      assert.match(row.last_error ?? '', /malformed.*subject/);
      assert.equal(smtp.offers.get(to), undefined);
    });

    it('retries a mail whose delivery attempt never reported back, once its lease has run out', async () => {
      const message = mail();
      // Another instance claims the mail in the enqueuing transaction and "crashes": only its lease remains.
      await t.data.transaction(async (tx) => {
        await tx.outbox.enqueue({ tenantId, topic: MAIL_TOPIC, payload: message });
        await tx.outbox.claimDue([MAIL_TOPIC], { limit: 1000, leaseMs: 300, maxAttempts: 4 });
      });
      const claimed = await rowOf(t, tenantId, message.to);
      assert.equal(claimed.attempts, 1);
      assert.equal(claimed.delivered_at, null);
      const row = await waitFor(async () => {
        await t.internals.outbox.drain();
        const r = await rowOf(t, tenantId, message.to);
        return r.delivered_at !== null && r;
      }, 'the mail to be delivered after the lease');
      assert.equal(row.attempts, 2);
      assert.equal(smtp.mailsTo(message.to).length, 1);
    });

    it('gives up a mail whose last allowed attempt never reported back', async () => {
      const stuck = mail();
      // As a crashed instance leaves it: the fourth (last) attempt claimed, its lease over, no outcome.
      await t.database.db
        .insertInto('outbox')
        .values({ tenant_id: tenantId, topic: MAIL_TOPIC, payload: JSON.stringify(stuck), attempts: 4, available_at: sql<Date>`now() - interval '1 second'` })
        .execute();
      const row = await waitFor(async () => {
        await t.internals.outbox.drain();
        const r = await rowOf(t, tenantId, stuck.to);
        return r.failed_at !== null && r;
      }, 'the stuck mail to be given up');
      assert.equal(row.delivered_at, null);
      assert.match(row.last_error ?? '', /did not finish/);
      assert.equal(smtp.offers.get(stuck.to), undefined);
    });

    it('delivers each message exactly once with two dispatchers on the one database', async () => {
      const second = await secondDispatcher(t, engine, smtp.url);
      try {
        const messages = Array.from({ length: 40 }, () => mail());
        await enqueue(t, tenantId, ...messages);
        await Promise.all([t.internals.outbox.drain(), second.drain()]);
        const tos = new Set(messages.map((m) => m.to));
        await waitFor(async () => {
          const rows = (await t.data.outbox.listForTenant(tenantId, MAIL_TOPIC)).filter((r) => tos.has((r.payload as MailMessage).to));
          return rows.length === 40 && rows.every((r) => r.delivered_at !== null) && rows;
        }, 'all 40 mails to be delivered');
        for (const message of messages) assert.equal(smtp.mailsTo(message.to).length, 1, `one copy of ${message.subject}`);
      } finally {
        await second.close();
      }
    });

    it('records the error and pushes the next attempt out while the server keeps refusing', async () => {
      const message = mail();
      smtp.refuse = (recipient, offer) => (recipient === message.to && offer === 1 ? { code: 421, message: 'Service not available' } : undefined);
      // A back-off long enough to look at the row between the attempts.
      const slow = new OutboxDispatcher(t.data, { ...t.config.outbox, retryBaseMs: 3_600_000, retryMaxMs: 3_600_000 }, createLogger(t.config));
      const mailer = smtpMailer(smtp.url, t.config.mailFrom);
      slow.handle(MAIL_TOPIC, mailer.deliver);
      // Last in this suite: the app's own dispatcher (a 20 ms back-off) would retry before the row can be read.
      await t.internals.outbox.stop();
      try {
        await enqueue(t, tenantId, message);
        await slow.start(t.database);
        await slow.drain();
        const row = await rowOf(t, tenantId, message.to);
        assert.equal(row.delivered_at, null);
        assert.equal(row.attempts, 1);
        assert.match(row.last_error ?? '', /421|not available/);
        const waitMs = new Date(row.available_at).getTime() - Date.now();
        assert.ok(waitMs > 30 * 60_000 && waitMs <= 3_600_000, `next attempt in half to all of the back-off (${waitMs} ms)`);
      } finally {
        await slow.stop();
        mailer.close();
      }
    });
  });

  describe(`the outbox without SMTP on ${engine.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine, outboxEnv);
    });
    after(() => t.close());

    it('keeps mails in the outbox, readable and untouched', async () => {
      const tenantId = (await createTenant(t)).tenant.id;
      const message = mail();
      await enqueue(t, tenantId, message);
      const before = await rowOf(t, tenantId, message.to);
      await t.internals.outbox.drain();
      const row = await rowOf(t, tenantId, message.to);
      assert.deepEqual(row.payload, message);
      assert.equal(row.delivered_at, null);
      assert.equal(row.failed_at, null);
      assert.equal(row.attempts, 0);
      assert.equal(row.last_error, null);
      assert.deepEqual(row.available_at, before.available_at);
    });
  });
}
