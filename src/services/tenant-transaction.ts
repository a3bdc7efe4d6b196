import type { Data, Queries } from '../data/index.js';
import { isHost, type Caller } from '../domain/caller.js';

/**
 * A transaction on the caller's behalf: a tenant caller's is confined to its tenant's rows by row-level
 * security (`Data.tenantTransaction`), a host caller's runs as the host (the explicit bypass). Use cases that
 * must reach across tenants (account links, registration) open a host transaction themselves, and say why.
 */
export function transactionFor<T>(data: Data, caller: Caller, work: (tx: Queries) => Promise<T>): Promise<T> {
  return isHost(caller) ? data.transaction(work) : data.tenantTransaction(caller.tenantId, work);
}
