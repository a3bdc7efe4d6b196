import { ACCOUNT_REQUEST_TOPIC } from '../../src/services/account/account-requests.js';
import type { SmtpSink } from './smtp-sink.js';
import type { TestApp } from './test-app.js';
import { waitFor } from './wait-for.js';

/** Test settings for account e-mail: delivery through the sink, with a poll long enough that only wake-ups deliver. */
export function accountMailEnv(smtp: SmtpSink): Record<string, string> {
  return { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '600000', OUTBOX_RETRY_BASE_MS: '20', OUTBOX_RETRY_MAX_MS: '200' };
}

/** Waits until the outbox has answered every anonymous account request so far (mailed, or decided not to). */
export async function accountRequestsSettled(t: TestApp): Promise<void> {
  await waitFor(async () => (await t.data.outbox.listForTenant(0, ACCOUNT_REQUEST_TOPIC)).every((row) => row.delivered_at !== null), 'account requests to be handled');
}

/** Waits for the `count`-th e-mail to `to` and answers the link to `page` it carries, with its query parameters. */
export async function linkInMail(smtp: SmtpSink, to: string, page: string, count = 1): Promise<{ url: URL; params: URLSearchParams; body: string }> {
  const mails = await waitFor(() => smtp.mailsTo(to).length >= count && smtp.mailsTo(to), `mail ${count} to ${to}`);
  // The parts of a multipart mail are still quoted-printable here.
  const body = mails[count - 1]!.body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const match = new RegExp(`https?://[^\\s"<>]*${page.replace(/[/]/g, '\\/')}\\?[^\\s"<>]+`).exec(body);
  if (!match) throw new Error(`no ${page} link in: ${body}`);
  const url = new URL(match[0].replace(/&amp;/g, '&'));
  return { url, params: url.searchParams, body };
}
