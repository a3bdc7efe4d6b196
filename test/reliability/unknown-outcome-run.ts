import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { AnswerCuttingProxy } from '../helpers/answer-cutting-proxy.js';
import { freePort } from '../helpers/free-port.js';
import { HttpClient } from '../helpers/http.js';
import { RPC, validCompleteBody, validSubmitBody } from '../helpers/onboarding.js';
import { killServerProcess, startServerProcess } from '../helpers/server-process.js';
import type { CrashTarget } from './crash-run.js';

const PASSWORD = 'Unknown-outcome-pass-1';
const GET_TENANTS = '/api/services/Platform/Tenant/GetTenants';

export interface UnknownOutcomeFigures {
  engine: CrashTarget['engine'];
  /** Requests whose answer was lost: the service was killed with SIGKILL after its commit, before the client got a byte. */
  lostAnswers: number;
  /** Killed as the registration's commit became visible in the database (PostgreSQL), or when the answer was written. */
  killedAtCommit: number;
  killedAtAnswer: number;
  /** Retries (same requestXref and body; same Idempotency-Key and body) answered 200 with the first request's result. */
  retriesAnsweredOriginal: number;
  /** Retries answered otherwise, or that made a second tenant or product, or lacked their links. */
  wrong: string[];
}

interface ServerState {
  server: ChildProcess;
  killed: boolean;
  /** What fired the kill: the commit seen in the database, or the answer reaching the proxy. */
  by: 'commit' | 'answer' | undefined;
}

/** Kills the service at once (SIGKILL, sent synchronously) and remembers who did. */
function kill(state: ServerState, by: 'commit' | 'answer'): void {
  if (state.killed) return;
  state.killed = true;
  state.by = by;
  state.server.kill('SIGKILL');
}

/**
 * `rounds` times per kind of request: a CompleteTenantRegistration, then a CreateProduct with an
 * `Idempotency-Key`, sent through a proxy that lets the request in and kills the service with SIGKILL before any
 * answer byte reaches the client (on PostgreSQL the registration's kill also races a watcher that fires as soon
 * as the lead shows converted in the database). The service is restarted on the same data and the client
 * retries exactly what it sent; its retry must get the first request's result and nothing may exist twice.
 */
export async function unknownOutcomeRun(target: CrashTarget, rounds: number): Promise<UnknownOutcomeFigures> {
  const port = await freePort();
  const env: Record<string, string> = { ADMIN_PASSWORD: PASSWORD, ...(target.engine === 'pglite' ? { DATA_DIR: target.dataDir } : { DATABASE_URL: target.databaseUrl }) };
  const state: ServerState = { server: await startServerProcess(port, env), killed: false, by: undefined };
  const proxy = await AnswerCuttingProxy.start(port, () => kill(state, 'answer'));
  const http = new HttpClient(`http://127.0.0.1:${port}`);
  const throughProxy = new HttpClient(`http://127.0.0.1:${proxy.port}`);
  const watcher = target.engine === 'postgres' ? new pg.Client({ connectionString: target.databaseUrl }) : undefined;
  await watcher?.connect();
  const figures: UnknownOutcomeFigures = { engine: target.engine, lostAnswers: 0, killedAtCommit: 0, killedAtAnswer: 0, retriesAnsweredOriginal: 0, wrong: [] };

  /** Sends through the proxy; the answer must be lost to the kill. Then restarts the service. */
  const sendAndLose = async (what: string, send: () => Promise<unknown>): Promise<boolean> => {
    state.killed = false;
    state.by = undefined;
    const exited = new Promise((resolve) => state.server.once('exit', resolve));
    const outcome = await send().then(
      () => 'answered',
      () => 'lost',
    );
    if (outcome === 'answered' || !state.killed) {
      figures.wrong.push(`${what}: the answer was not cut (${outcome}, killed ${state.killed})`);
      if (!state.killed) return false;
    }
    await exited;
    figures.lostAnswers++;
    if (state.by === 'commit') figures.killedAtCommit++;
    else figures.killedAtAnswer++;
    state.server = await startServerProcess(port, env);
    return true;
  };

  try {
    let token = await http.signIn('admin', PASSWORD);
    const product = await http.post(RPC.createProduct, { name: `Outcome ${randomUUID()}`, prices: [{ paymentPeriodType: 'Monthly', amount: 10, currency: 'USD' }] }, { token });
    if (product.status !== 200) throw new Error(`creating the product failed: ${product.status} ${product.text}`);

    for (let round = 0; round < rounds; round++) {
      // CompleteTenantRegistration: idempotent by its requestXref.
      const lead = await http.post(RPC.submit, validSubmitBody(product.body.id), { token });
      if (lead.status !== 200) throw new Error(`submit failed: ${lead.status} ${lead.text}`);
      const xref = lead.body.leadRequestXref as string;
      const body = validCompleteBody(xref, { noWelcomeEmail: false });
      let watching = Boolean(watcher);
      const watch = (async () => {
        while (watching && !state.killed) {
          const rows = await watcher!.query<{ status: string }>('select status from leads where request_xref = $1', [xref]);
          if (rows.rows[0]?.status === 'converted') return kill(state, 'commit');
        }
      })();
      const cut = await sendAndLose(`CompleteTenantRegistration ${round}`, () => throughProxy.post(RPC.complete, body, { token }));
      watching = false;
      await watch;
      if (!cut) continue;
      token = await http.signIn('admin', PASSWORD);
      const made = await http.get(`${GET_TENANTS}?Filter=${encodeURIComponent(body.tenancyName)}&MaxResultCount=10`, { token });
      const tenants = (made.body?.items ?? []) as { id: number; tenancyName: string }[];
      const retry = await http.post(RPC.complete, body, { token });
      const again = await http.post(RPC.complete, body, { token });
      const ok =
        retry.status === 200 &&
        tenants.length === 1 &&
        retry.body.tenantId === tenants[0]!.id &&
        again.body?.tenantId === tenants[0]!.id &&
        typeof retry.body.loginLink === 'string' &&
        retry.body.loginLink.length > 0 &&
        typeof retry.body.paymentLink === 'string' &&
        retry.body.paymentLink.length > 0;
      if (ok) figures.retriesAnsweredOriginal++;
      else figures.wrong.push(`CompleteTenantRegistration retry: ${retry.status} ${retry.text.slice(0, 200)}; tenants named so: ${tenants.length}`);

      // CreateProduct with an Idempotency-Key: not idempotent by itself, made so by the key.
      const key = randomUUID();
      const name = `Outcome ${key}`;
      const productBody = { name, description: 'Created once', prices: [{ paymentPeriodType: 'Monthly', amount: 12, currency: 'USD' }] };
      const headers = { 'idempotency-key': key };
      if (!(await sendAndLose(`CreateProduct ${round}`, () => throughProxy.post(RPC.createProduct, productBody, { token, headers })))) continue;
      token = await http.signIn('admin', PASSWORD);
      const replay = await http.post(RPC.createProduct, productBody, { token, headers });
      const listed = ((await http.get(RPC.getProducts, { token })).body.items as { id: number; name: string }[]).filter((p) => p.name === name);
      if (replay.status === 200 && replay.headers.get('idempotent-replayed') === 'true' && listed.length === 1 && replay.body.id === listed[0]!.id) {
        figures.retriesAnsweredOriginal++;
      } else {
        figures.wrong.push(`CreateProduct retry: ${replay.status} replayed=${replay.headers.get('idempotent-replayed')} ${replay.text.slice(0, 200)}; products named so: ${listed.length}`);
      }
    }
    return figures;
  } finally {
    await proxy.close();
    await watcher?.end();
    await killServerProcess(state.server);
  }
}
