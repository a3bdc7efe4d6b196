import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase } from '../../src/data/database.js';
import { HOST_TENANT_ID } from '../../src/domain/caller.js';
import { HttpClient, WHO_AM_I } from '../helpers/http.js';
import { RPC, validCompleteBody, validSubmitBody } from '../helpers/onboarding.js';
import { killServerProcess as kill, startServerProcess } from '../helpers/server-process.js';
import { freePort } from '../helpers/free-port.js';

/** Where the crashing service keeps its data: an embedded data directory, or a PostgreSQL database. */
export type CrashTarget = { engine: 'pglite'; dataDir: string } | { engine: 'postgres'; databaseUrl: string };

export interface CrashFigures {
  engine: CrashTarget['engine'];
  kills: number;
  /** Registrations and API keys whose 200 answer reached the client. */
  acknowledgedRegistrations: number;
  acknowledgedKeys: number;
  /** Acknowledged writes missing after a restart. */
  lost: number;
  /** Registrations found partly made (a converted lead without its tenant, admin, subscription or invoice, …). */
  halfDone: number;
  /** Welcome e-mails queued more than once for one registration. */
  duplicateWelcomes: number;
  /** Requests answered with something else than 200 or a dropped connection (a real defect). */
  unexpectedAnswers: string[];
}

const PASSWORD = 'Crash-admin-pass-1';


function targetEnv(target: CrashTarget): Record<string, string> {
  return target.engine === 'pglite' ? { DATA_DIR: target.dataDir } : { DATABASE_URL: target.databaseUrl };
}

function startServer(target: CrashTarget, port: number): Promise<ChildProcess> {
  return startServerProcess(port, { ADMIN_PASSWORD: PASSWORD, ...targetEnv(target) });
}

/** A dropped connection is what a crash looks like to a client; anything else but 200 is a defect. */
function isDropped(error: unknown): boolean {
  return error instanceof TypeError; // fetch failed: connection refused or reset
}

/**
 * Kills the service with SIGKILL `kills` times, each time in the middle of a stream of registrations and API key
 * generations, restarts it on the same data, and checks after every restart that every acknowledged write is
 * there, that nothing was half-done, and that no welcome e-mail was queued twice.
 */
export async function crashRun(target: CrashTarget, options: { kills: number; streamMs: () => number; concurrency: number }): Promise<CrashFigures> {
  const figures: CrashFigures = {
    engine: target.engine,
    kills: 0,
    acknowledgedRegistrations: 0,
    acknowledgedKeys: 0,
    lost: 0,
    halfDone: 0,
    duplicateWelcomes: 0,
    unexpectedAnswers: [],
  };
  const registrations: { tenantId: number; xref: string }[] = [];
  const keys: string[] = [];
  const port = await freePort();
  const http = new HttpClient(`http://127.0.0.1:${port}`);
  let server = await startServer(target, port);
  const host = await http.signIn('admin', PASSWORD);
  const product = await http.post(RPC.createProduct, { name: `Crash ${randomUUID()}`, prices: [{ paymentPeriodType: 'Monthly', amount: 10, currency: 'USD' }] }, { token: host });
  if (product.status !== 200) throw new Error(`creating the product failed: ${product.status} ${product.text}`);
  const productId = product.body.id as number;

  for (let round = 0; round < options.kills; round++) {
    const token = await http.signIn('admin', PASSWORD);
    let running = true;
    const worker = async (n: number) => {
      while (running) {
        try {
          if (n % 2 === 0) {
            const lead = await http.post(RPC.submit, validSubmitBody(productId), { token });
            if (lead.status !== 200) throw new Error(`submit ${lead.status} ${lead.text.slice(0, 200)}`);
            const xref = lead.body.leadRequestXref as string;
            const done = await http.post(RPC.complete, validCompleteBody(xref, { noWelcomeEmail: false }), { token });
            if (done.status !== 200) throw new Error(`complete ${done.status} ${done.text.slice(0, 200)}`);
            registrations.push({ tenantId: done.body.tenantId, xref });
          } else {
            const key = await http.post('/api/services/Platform/ApiKey/Generate', { name: `crash-${randomUUID()}`, expirationDate: new Date(Date.now() + 86_400_000).toISOString() }, { token });
            if (key.status !== 200) throw new Error(`generate ${key.status} ${key.text.slice(0, 200)}`);
            keys.push(key.body.key);
          }
        } catch (error) {
          if (!running || isDropped(error)) return;
          figures.unexpectedAnswers.push(String(error instanceof Error ? error.message : error));
        }
      }
    };
    const registeredBefore = registrations.length;
    const workers = Array.from({ length: options.concurrency }, (_, n) => worker(n));
    await new Promise((resolve) => setTimeout(resolve, options.streamMs()));
    // On a loaded machine the first answers can take longer than the stream: the kill waits for one (a minute at
    // most), so that every round puts acknowledged writes at risk.
    const patience = Date.now() + 60_000;
    while (registrations.length === registeredBefore && keys.length === 0 && Date.now() < patience) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await kill(server);
    running = false;
    await Promise.all(workers);
    figures.kills++;

    await check(target, registrations, figures);
    server = await startServer(target, port);
    for (const key of keys.splice(0)) {
      figures.acknowledgedKeys++;
      if ((await http.get(WHO_AM_I, { headers: { 'api-key': key } })).status !== 200) figures.lost++;
    }
  }
  figures.acknowledgedRegistrations = registrations.length;
  await kill(server);
  return figures;
}

/** Reads the database directly (the service is down) and counts what is missing or half-made. */
async function check(target: CrashTarget, registrations: readonly { tenantId: number; xref: string }[], figures: CrashFigures): Promise<void> {
  const database = await openDatabase(target.engine === 'pglite' ? { dataDir: target.dataDir } : { dataDir: 'memory://', databaseUrl: target.databaseUrl });
  try {
    const db = database.db;
    const leads = await db.selectFrom('leads').select(['id', 'request_xref', 'status', 'converted_tenant_id']).where('tenant_id', '=', HOST_TENANT_ID).execute();
    const byXref = new Map(leads.map((l) => [l.request_xref, l]));
    for (const registration of registrations) {
      const lead = byXref.get(registration.xref);
      if (!lead || lead.status !== 'converted' || lead.converted_tenant_id !== registration.tenantId) figures.lost++;
    }
    const parts = await sql<{ lead_id: number; tenants: number; admins: number; subscriptions: number; invoices: number; welcomes: number }>`
      select l.id as lead_id,
        (select count(*) from tenants t where t.id = l.converted_tenant_id)::int as tenants,
        (select count(*) from users u where u.tenant_id = l.converted_tenant_id and u.user_name = 'admin')::int as admins,
        (select count(*) from subscriptions s where s.lead_id = l.id)::int as subscriptions,
        (select count(*) from invoices i where i.lead_id = l.id)::int as invoices,
        (select count(*) from outbox o where o.dedupe_key = 'welcome:' || l.request_xref)::int as welcomes
      from leads l where l.tenant_id = ${HOST_TENANT_ID}`.execute(db);
    figures.halfDone = 0;
    figures.duplicateWelcomes = 0;
    for (const lead of parts.rows) {
      const converted = byXref.get(leads.find((l) => l.id === lead.lead_id)!.request_xref)!.status === 'converted';
      const made = [lead.tenants, lead.admins, lead.subscriptions, lead.invoices, lead.welcomes];
      if (converted ? made.some((n) => n === 0) : made.some((n) => n > 0)) figures.halfDone++;
      if (lead.welcomes > 1) figures.duplicateWelcomes++;
    }
  } finally {
    await database.close();
  }
}
