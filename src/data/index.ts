import type { Executor } from './executor.js';
import { auditLogQueries } from './audit-log.js';
import { hostSettingQueries } from './host-settings.js';
import { idempotencyKeyQueries } from './idempotency-keys.js';
import { oneTimeTokenQueries } from './one-time-tokens.js';
import { outboxQueries } from './outbox.js';
import { couponQueries } from './coupons.js';
import { invoiceQueries } from './invoices.js';
import { leadQueries } from './leads.js';
import { productQueries } from './products.js';
import { packageQueries } from './packages.js';
import { apiKeyQueries } from './api-keys.js';
import { roleQueries } from './roles.js';
import { securityEventQueries } from './security-events.js';
import { sessionQueries } from './sessions.js';
import { settingsQueries } from './settings.js';
import { tenantSearchQueries } from './tenant-search.js';
import { tenantQueries } from './tenants.js';
import { tenantPurgeQueries } from './tenant-purge.js';
import { userDirectoryQueries } from './user-directory.js';
import { userLinkQueries } from './user-links.js';
import { subscriptionQueries } from './subscriptions.js';
import { userQueries } from './users.js';
import { translateDatabaseError } from './errors.js';

function queries(db: Executor) {
  return {
    tenants: tenantQueries(db),
    tenantSearch: tenantSearchQueries(db),
    users: userQueries(db),
    roles: roleQueries(db),
    sessions: sessionQueries(db),
    settings: settingsQueries(db),
    securityEvents: securityEventQueries(db),
    hostSettings: hostSettingQueries(db),
    auditLog: auditLogQueries(db),
    outbox: outboxQueries(db),
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
    idempotencyKeys: idempotencyKeyQueries(db),
  };
}

export type Queries = ReturnType<typeof queries>;

/** The data layer handed to services: every query module, plus transactions over the same modules. */
export interface Data extends Queries {
  /** Runs `work` in one transaction; database errors it throws are translated into AppErrors. */
  transaction<T>(work: (tx: Queries) => Promise<T>): Promise<T>;
}

export function createData(db: Executor): Data {
  return {
    ...queries(db),
    async transaction(work) {
      try {
        return await db.transaction().execute((trx) => work(queries(trx)));
      } catch (error) {
        throw translateDatabaseError(error);
      }
    },
  };
}
