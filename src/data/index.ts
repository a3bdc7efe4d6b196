import type { Executor } from './executor.js';
import { auditLogQueries } from './audit-log.js';
import { hostDashboardQueries } from './host-dashboard.js';
import { hostSettingQueries } from './host-settings.js';
import { idempotencyKeyQueries } from './idempotency-keys.js';
import { markHeldIdempotencyKey, mustMarkHeldIdempotencyKey } from './idempotency-commit-marks.js';
import { oneTimeTokenQueries } from './one-time-tokens.js';
import { outboxQueries } from './outbox.js';
import { outboxStatusQueries } from './outbox-status.js';
import { tenantArchiveQueries } from './tenant-archive.js';
import { couponQueries } from './coupons.js';
import { invoiceQueries } from './invoices.js';
import { leadQueries } from './leads.js';
import { productQueries } from './products.js';
import { rateLimitQueries } from './rate-limits.js';
import { packageQueries } from './packages.js';
import { apiKeyQueries } from './api-keys.js';
import { roleQueries } from './roles.js';
import { securityEventQueries } from './security-events.js';
import { stripeEventQueries } from './stripe-events.js';
import { sessionQueries } from './sessions.js';
import { settingsQueries } from './settings.js';
import { tenantSearchQueries } from './tenant-search.js';
import { tenantQueries } from './tenants.js';
import { tenantBulkQueries } from './tenant-bulk.js';
import { tenantPurgeQueries } from './tenant-purge.js';
import { userDirectoryQueries } from './user-directory.js';
import { userLinkQueries } from './user-links.js';
import { subscriptionQueries } from './subscriptions.js';
import { twoFactorQueries } from './two-factor.js';
import { userQueries } from './users.js';
import { translateDatabaseError } from './errors.js';
import { eventSubscriptionQueries } from './event-subscriptions.js';
import { eventExecutionQueries } from './event-executions.js';
import { sql } from 'kysely';
import type { ReadRouting } from './read-routing.js';
import { MAX_INT4 } from '../domain/paging.js';

function queries(db: Executor) {
  return {
    tenants: tenantQueries(db),
    tenantSearch: tenantSearchQueries(db),
    tenantBulk: tenantBulkQueries(db),
    users: userQueries(db),
    roles: roleQueries(db),
    sessions: sessionQueries(db),
    settings: settingsQueries(db),
    securityEvents: securityEventQueries(db),
    hostSettings: hostSettingQueries(db),
    hostDashboard: hostDashboardQueries(db),
    auditLog: auditLogQueries(db),
    outbox: outboxQueries(db),
    outboxStatus: outboxStatusQueries(db),
    tenantArchive: tenantArchiveQueries(db),
    oneTimeTokens: oneTimeTokenQueries(db),
    userDirectory: userDirectoryQueries(db),
    userLinks: userLinkQueries(db),
    tenantPurge: tenantPurgeQueries(db),
    products: productQueries(db),
    coupons: couponQueries(db),
    leads: leadQueries(db),
    subscriptions: subscriptionQueries(db),
    invoices: invoiceQueries(db),
    packages: packageQueries(db),
    apiKeys: apiKeyQueries(db),
    rateLimits: rateLimitQueries(db),
    eventSubscriptions: eventSubscriptionQueries(db),
    stripeEvents: stripeEventQueries(db),
    eventExecutions: eventExecutionQueries(db),
    idempotencyKeys: idempotencyKeyQueries(db),
    twoFactor: twoFactorQueries(db),
  };
}

export type Queries = ReturnType<typeof queries>;

/**
 * The data layer handed to services: every query module, plus transactions over the same modules. Both kinds of
 * transaction mark the idempotency key of the request they serve, if it holds one, before they commit
 * (idempotency-commit-marks.ts): a write that must count as the request's change belongs in a transaction.
 */
export interface Data extends Queries {
  /**
   * Runs `work` in one transaction *as the host*: as the connecting role, which row-level security does not
   * confine (host callers, registration, cross-tenant links, background workers). Database errors it throws
   * are translated into AppErrors.
   */
  transaction<T>(work: (tx: Queries) => Promise<T>): Promise<T>;
  /**
   * Runs `work` in one transaction confined to one tenant's rows: as the role `tenantry_app` with
   * `tenantry.tenant_id` set, so a query that forgets its tenant filter still sees, changes and writes only
   * that tenant's rows (migration 0012). The tenant filters in the queries stay; this is the backstop.
   */
  tenantTransaction<T>(tenantId: number, work: (tx: Queries) => Promise<T>): Promise<T>;
  /**
   * Runs `work`, a change made by *one statement* (atomic on its own), as the host, without the round trips of
   * a transaction; in one only when the request holds an idempotency key whose mark must commit with it. Database
   * errors are translated as by `transaction`.
   */
  singleStatement<T>(work: (queries: Queries) => Promise<T>): Promise<T>;
  /**
   * The queries a read-only use case runs on: the read replica when there is one and it has replayed the current
   * reader's last write, else the primary (read-routing.ts). A use case declares itself read-only by this call.
   */
  reading(): Promise<Queries>;
}

export function createData(db: Executor, routing?: ReadRouting): Data {
  /**
   * Runs a write and, once it has committed, lets the held idempotency key know it is marked (`marked`, when the
   * write marked it) and the read routing that the writer's next reads need this write; database errors become
   * AppErrors.
   */
  const committing = async <T>(write: (marks: { marked?: (() => void) | undefined }) => Promise<T>): Promise<T> => {
    const marks: { marked?: (() => void) | undefined } = {};
    let result: T;
    try {
      result = await write(marks);
    } catch (error) {
      throw translateDatabaseError(error);
    }
    marks.marked?.();
    await routing?.committed();
    return result;
  };
  const data: Data = {
    ...queries(db),
    transaction: (work) =>
      committing((marks) =>
        db.transaction().execute(async (trx) => {
          const result = await work(queries(trx));
          marks.marked = await markHeldIdempotencyKey(trx);
          return result;
        }),
      ),
    singleStatement: (work) => (mustMarkHeldIdempotencyKey() ? data.transaction(work) : committing(() => work(queries(db)))),
    async reading() {
      return routing ? queries(await routing.reader()) : queries(db);
    },
    tenantTransaction: (tenantId, work) =>
      committing((marks) =>
        db.connection().execute(async (connection) => {
          // One round trip opens the transaction and scopes it (a query without parameters may hold several
          // statements); the tenant id is an integer, checked here, so it is safe to write into the text.
          await sql.raw(tenantScope(tenantId)).execute(connection);
          try {
            const result = await work(queries(connection));
            marks.marked = await markHeldIdempotencyKey(connection);
            await sql`commit`.execute(connection);
            return result;
          } catch (error) {
            await sql`rollback`.execute(connection);
            throw error;
          }
        }),
      ),
  };
  return data;
}

/** The statements that open a transaction confined to one tenant; `set_config(…, true)` ends with the transaction. */
export function tenantScope(tenantId: number): string {
  if (!Number.isInteger(tenantId) || tenantId < 0 || tenantId > MAX_INT4) throw new RangeError(`Not a tenant id: ${tenantId}`);
  return `begin; select set_config('role', '${APP_ROLE}', true), set_config('tenantry.tenant_id', '${tenantId}', true)`;
}

/** The role tenant-scoped transactions run as (created by migration 0012). */
export const APP_ROLE = 'tenantry_app';
