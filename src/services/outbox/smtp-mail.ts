import { createRequire } from 'node:module';
import type { SendMailOptions } from 'nodemailer';
import type nodemailer from 'nodemailer';
import type { ClaimedMessage } from '../../data/outbox.js';
import type { MailMessage } from '../../domain/mail.js';
import { emailProblem } from '../../domain/validators.js';
import { PermanentDeliveryError, type OutboxHandler } from './dispatcher.js';

/** Delivers outbox messages of topic `mail` to an SMTP server; `close` releases the transport. */
export interface SmtpMailer {
  deliver: OutboxHandler;
  close(): void;
}

/**
 * An SMTP mailer for `SMTP_URL` (`smtp://user:pass@host:587`, `smtps://...:465`; nodemailer's URL options).
 * Its time limits stay well under the outbox lease, so an attempt that hangs ends before another may start.
 */
export function smtpMailer(smtpUrl: string, from: string): SmtpMailer {
  // Loaded only when SMTP_URL is set: most installations and test processes never send over SMTP.
  const mailer = createRequire(import.meta.url)('nodemailer') as typeof nodemailer;
  const transport = mailer.createTransport({ url: smtpUrl, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'tenantry.local';

  return {
    async deliver(message: ClaimedMessage, signal: AbortSignal) {
      const mail = mailOf(message.payload);
      try {
        await transport.sendMail({
          from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          ...(mail.html ? { html: mail.html } : {}),
          // The same for every attempt at this message: a duplicate after a crash is recognisable as one.
          messageId: `<outbox.${message.tenantId}.${message.id}.${message.createdAt.getTime()}@${domain}>`,
          signal,
        } as SendMailOptions);
      } catch (error) {
        if (isRecipientRefusedForGood(error)) {
          throw new PermanentDeliveryError(`The SMTP server refused the recipient: ${(error as Error).message}`, { cause: error });
        }
        throw error;
      }
    },
    close() {
      transport.close();
    },
  };
}

/** The payload as a MailMessage, or a permanent failure: a malformed message never becomes deliverable. */
function mailOf(payload: unknown): MailMessage {
  const p = (payload ?? {}) as Partial<Record<keyof MailMessage, unknown>>;
  const problems: string[] = [];
  if (typeof p.to !== 'string' || emailProblem(p.to)) problems.push('"to" is not an e-mail address');
  if (typeof p.subject !== 'string') problems.push('"subject" is missing');
  if (typeof p.text !== 'string') problems.push('"text" is missing');
  if (p.html !== undefined && p.html !== null && typeof p.html !== 'string') problems.push('"html" is not text');
  if (problems.length > 0) throw new PermanentDeliveryError(`The mail message is malformed: ${problems.join(', ')}.`);
  return { to: p.to as string, subject: p.subject as string, text: p.text as string, ...(typeof p.html === 'string' ? { html: p.html } : {}) };
}

/**
 * A 5xx answer to RCPT TO: this recipient will never be accepted. Other 5xx answers (a refused sender,
 * failed authentication) are about the configuration, which an operator may fix, so those are retried.
 */
function isRecipientRefusedForGood(error: unknown): boolean {
  const e = error as { code?: unknown; command?: unknown; responseCode?: unknown } | null;
  return e?.code === 'EENVELOPE' && e.command === 'RCPT TO' && typeof e.responseCode === 'number' && e.responseCode >= 500;
}
