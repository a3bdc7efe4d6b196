import net from 'node:net';

/**
 * A TCP proxy between a client and a service process that lets requests through and never lets an answer out:
 * the moment the service's first answer byte reaches it, it calls `onAnswer` (which kills the service with
 * SIGKILL) and drops the client's connection. The service writes its answer only after its transaction has
 * committed, so the client is left exactly where a crash leaves it: the change made, the answer lost.
 */
export class AnswerCuttingProxy {
  private readonly sockets = new Set<net.Socket>();
  /** How many answers were cut. */
  cut = 0;

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number, onAnswer: () => void): Promise<AnswerCuttingProxy> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new AnswerCuttingProxy(server, (server.address() as net.AddressInfo).port);
    server.on('connection', (client) => {
      const upstream = net.connect(targetPort, '127.0.0.1');
      proxy.sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        proxy.sockets.delete(client);
        proxy.sockets.delete(upstream);
      };
      client.pipe(upstream);
      upstream.on('data', () => {
        proxy.cut++;
        onAnswer();
        drop();
      });
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
    });
    return proxy;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
