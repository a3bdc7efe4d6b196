import type { Executor } from './executor.js';
import { apiKeyQueries } from './api-keys.js';
import { auditLogQueries } from './audit-log.js';
import { hostSettingQueries } from './host-settings.js';
import { outboxQueries } from './outbox.js';
import { roleQueries } from './roles.js';
import { securityEventQueries } from './security-events.js';
import { sessionQueries } from './sessions.js';
import { settingsQueries } from './settings.js';
import { tenantSearchQueries } from './tenant-search.js';
import { tenantQueries } from './tenants.js';
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
    apiKeys: apiKeyQueries(db),
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
