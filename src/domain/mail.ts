/** An e-mail as it waits in the outbox (topic `mail`) until it is delivered over SMTP. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** The outbox topic of e-mails. */
export const MAIL_TOPIC = 'mail';
