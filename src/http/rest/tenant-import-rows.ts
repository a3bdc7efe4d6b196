import type { BulkTenantRow, TenantImportRow } from '../../services/tenants/bulk-import.js';
import { readRestCreation } from './tenant-fields.js';

/** The columns a row may carry beside the tenant record (the REST create's options, and the admin's hash). */
const BESIDE_THE_RECORD = ['appList', 'isCaseDynamics', 'password_hash'] as const;

/**
 * The rows of a bulk import file read as the REST create reads a tenant (docs/bulk-import.md): each row is a
 * tenant record by the tenant resource's field names, plus `appList`, `isCaseDynamics` and `password_hash`
 * (in place of `password`). The problems found reading a row travel with it, named as the REST create names them.
 */
export async function* restTenantRows(rows: AsyncIterable<BulkTenantRow> | Iterable<BulkTenantRow>): AsyncGenerator<TenantImportRow> {
  for await (const row of rows) {
    if ('problem' in row) {
      yield { row: row.row, problems: [row.problem] };
      continue;
    }
    const fields = { ...row.values };
    for (const name of BESIDE_THE_RECORD) delete fields[name];
    const passwordHash = row.values.password_hash?.trim() || undefined;
    const { tenant, problems } = readRestCreation(fields, { appList: row.values.appList, isCaseDynamics: row.values.isCaseDynamics }, passwordHash !== undefined);
    yield { row: row.row, tenant, passwordHash, read: problems };
  }
}
