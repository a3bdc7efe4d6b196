import { escapeHtml } from '../../domain/html.js';
import type { MailMessage } from '../../domain/mail.js';

/** What each account e-mail is for: the sentence that asks, the button, and what happens if it was not you. */
const KINDS = {
  password_reset: {
    subject: 'Reset your Tenantry password',
    ask: 'Someone (hopefully you) asked to reset the password of your account. Choose a new one here:',
    button: 'Choose a new password',
    notYou: 'If you did not ask for this, ignore this e-mail: your password stays as it is.',
  },
  email_confirmation: {
    subject: 'Confirm your e-mail address',
    ask: 'Please confirm that this is your e-mail address:',
    button: 'Confirm my e-mail address',
    notYou: 'If you did not create an account, ignore this e-mail.',
  },
  invitation: {
    subject: 'You are invited to Tenantry',
    ask: 'An account has been created for you. Choose your password to sign in:',
    button: 'Accept the invitation',
    notYou: 'If you do not expect this invitation, ignore this e-mail: nobody can sign in as you without it.',
  },
} as const;

export type AccountMailKind = keyof typeof KINDS;

export interface AccountMailFacts {
  to: string;
  firstName: string;
  userName: string;
  /** Empty for the host's own users. */
  tenancyName: string;
  link: string;
  /** How long the link works, in words (`60 minutes`). */
  lifetime: string;
}

/** An account e-mail: the single-use link and what to sign in with afterwards, never a password. */
export function accountMail(kind: AccountMailKind, facts: AccountMailFacts): MailMessage {
  const words = KINDS[kind];
  const account = facts.tenancyName ? [`Tenancy name: ${facts.tenancyName}`, `User name: ${facts.userName}`] : [`User name: ${facts.userName}`];
  const text = [
    `Hello ${facts.firstName || facts.userName},`,
    '',
    words.ask,
    facts.link,
    `(The link works once, for ${facts.lifetime}.)`,
    '',
    ...account,
    '',
    words.notYou,
  ].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html>
<html><body style="font-family: sans-serif; line-height: 1.5">
<p>Hello ${e(facts.firstName || facts.userName)},</p>
<p>${e(words.ask)}</p>
<p><a href="${e(facts.link)}">${e(words.button)}</a> (the link works once, for ${e(facts.lifetime)}).</p>
<p>${account.map(e).join('<br>')}</p>
<p>${e(words.notYou)}</p>
</body></html>`;
  return { to: facts.to, subject: words.subject, text, html };
}
