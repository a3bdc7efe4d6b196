import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message as the SMTP server received it. */
export interface ReceivedMail {
  /** RCPT TO addresses. */
  recipients: string[];
  /** Header names in lower case, folded lines joined. */
  headers: Map<string, string>;
  /** The body with quoted-printable soft line breaks and escapes decoded. */
  body: string;
}

/** A refusal of RCPT TO: the SMTP reply code and text. */
export interface Refusal {
  code: number;
  message: string;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>` for SMTP_URL. */
  url: string;
  received: ReceivedMail[];
  /** How many times each recipient was offered (RCPT TO), accepted or not. */
  offers: Map<string, number>;
  /** Decides, per recipient and offer number (1-based), whether to refuse it. */
  refuse: (recipient: string, offer: number) => Refusal | undefined;
  /** The mails received for one recipient. */
  mailsTo(recipient: string): ReceivedMail[];
  close(): Promise<void>;
}

/** A real SMTP server on a random local port (no TLS, no authentication) that keeps what it receives. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const sink: SmtpSink = {
    url: '',
    close: async () => {},
    received: [],
    offers: new Map(),
    refuse: () => undefined,
    mailsTo(recipient) {
      return this.received.filter((mail) => mail.recipients.includes(recipient.toLowerCase()));
    },
  };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const recipient = address.address.toLowerCase();
      const offer = (sink.offers.get(recipient) ?? 0) + 1;
      sink.offers.set(recipient, offer);
      const refusal = sink.refuse(recipient, offer);
      if (!refusal) return callback();
      const error = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
      return callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        sink.received.push({ recipients: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), ...parse(Buffer.concat(chunks).toString('utf8')) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  sink.url = `smtp://127.0.0.1:${port}`;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}

function parse(raw: string): Pick<ReceivedMail, 'headers' | 'body'> {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  let body = raw.slice(split + 4).replace(/\r\n$/, '');
  if (/quoted-printable/i.test(headers.get('content-transfer-encoding') ?? '')) {
    body = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  return { headers, body };
}
