import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface ReceivedDelivery {
  path: string;
  headers: IncomingHttpHeaders;
  text: string;
  body: any;
}

/**
 * A real HTTP server in the test process that receives webhook deliveries. `respond` decides each answer
 * (default 200); every request is recorded, whatever the answer.
 */
export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  respond: (delivery: ReceivedDelivery) => number | Promise<number> = () => 200;
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        const delivery = { path: request.url ?? '/', headers: request.headers, text, body };
        this.received.push(delivery);
        void Promise.resolve(this.respond(delivery)).then((status) => {
          response.statusCode = status;
          response.end(status < 300 ? 'ok' : 'no');
        });
      });
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this;
  }

  /** The deliveries of one event type (the body's `type`, or its first element's for arrays). */
  ofType(type: string): ReceivedDelivery[] {
    return this.received.filter((d) => (Array.isArray(d.body) ? d.body[0]?.type : d.body?.type) === type);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
