import { Type } from 'typebox';
import { rpcMethod } from '../../../define.js';
import { InvoiceListQuerySchema, TenantInvoiceSchema } from '../../../../../services/payments/tenant-invoices.js';

export const getInvoices = rpcMethod({
  path: 'CRM/Invoice/GetInvoices',
  summary: 'A tenant’s invoices, newest first, one page at a time',
  description:
    'A tenant admin lists its own tenant’s invoices (another `tenantId`: 404). A host caller names the `tenantId` (absent: a 400 ' +
    'naming it; the host has no invoices), a deleted tenant’s too. Each invoice’s page for the customer is ' +
    '`/invoices/{publicInvoiceId}`. Amounts are in the currency’s major unit.',
  auth: 'caller',
  input: InvoiceListQuerySchema,
  output: Type.Object({ totalCount: Type.Integer(), items: Type.Array(TenantInvoiceSchema) }),
  async handle({ caller, input, services }) {
    return services.tenantInvoices.list(caller, input);
  },
});
