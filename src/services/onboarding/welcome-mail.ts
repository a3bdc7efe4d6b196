import { escapeHtml } from '../../domain/html.js';
import type { MailMessage } from '../../domain/mail.js';

export interface WelcomeMailFacts {
  to: string;
  firstName: string;
  tenantName: string;
  tenancyName: string;
  userName: string;
  loginLink: string;
  loginLinkMinutes: number;
  invoiceLink: string;
  /** The invoice total, formatted (`19.99 USD`). */
  invoiceTotal: string;
  /** When the tenant requires a confirmed address to sign in: the link that confirms it, and how long it works. */
  confirmation?: { link: string; lifetime: string };
}

/**
 * The welcome e-mail of a new tenant's admin: what to sign in with, a single-use sign-in link and the
 * invoice. It never contains the password.
 */
export function welcomeMail(facts: WelcomeMailFacts): MailMessage {
  // A header line: no line breaks may reach it.
  const subject = `Welcome to Tenantry: ${facts.tenantName} is ready`.replace(/[\r\n]+/g, ' ');
  const text = [
    `Hello ${facts.firstName},`,
    '',
    `your account ${facts.tenantName} is ready.`,
    '',
    `Tenancy name: ${facts.tenancyName}`,
    `User name: ${facts.userName}`,
    '',
    `Sign in once without a password (the link works once, for ${facts.loginLinkMinutes} minutes):`,
    facts.loginLink,
    '',
    ...(facts.confirmation ? [`Confirm your e-mail address before you sign in with your password (the link works once, for ${facts.confirmation.lifetime}):`, facts.confirmation.link, ''] : []),
    `Your first invoice (${facts.invoiceTotal}):`,
    facts.invoiceLink,
    '',
    'Welcome aboard!',
  ].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html>
<html><body style="font-family: sans-serif; line-height: 1.5">
<p>Hello ${e(facts.firstName)},</p>
<p>your account <strong>${e(facts.tenantName)}</strong> is ready.</p>
<table>
<tr><td>Tenancy name</td><td><strong>${e(facts.tenancyName)}</strong></td></tr>
<tr><td>User name</td><td><strong>${e(facts.userName)}</strong></td></tr>
</table>
<p><a href="${e(facts.loginLink)}">Sign in now</a> (the link works once, for ${facts.loginLinkMinutes} minutes).</p>
${facts.confirmation ? `<p><a href="${e(facts.confirmation.link)}">Confirm your e-mail address</a> before you sign in with your password (the link works once, for ${e(facts.confirmation.lifetime)}).</p>\n` : ''}<p><a href="${e(facts.invoiceLink)}">Your first invoice</a>: ${e(facts.invoiceTotal)}</p>
<p>Welcome aboard!</p>
</body></html>`;
  return { to: facts.to, subject, text, html };
}
