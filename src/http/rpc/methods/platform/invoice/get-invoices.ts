import { Type } from 'typebox';
import { InvoiceDtoSchema } from '../../../../../services/billing/tenant-billing.js';
import { Id } from '../../../../ids.js';
import { rpcMethod } from '../../../define.js';
import { pagingArguments } from '../../paging.js';

export const getInvoices = rpcMethod({
  path: 'Platform/Invoice/GetInvoices',
  summary: 'A tenant’s invoices, newest first: the host names the tenant, a tenant reads its own',
  description:
    'Host callers need `Tenants.Manage` and must give `tenantId`; tenant callers need `Payments.Manage` and may only name their own tenant. ' +
    'Each invoice’s page (lines, and payment when open) is `/invoices/{publicInvoiceId}`.',
  auth: 'caller',
  input: Type.Object({ tenantId: Type.Optional(Id({ description: 'Host callers: whose invoices.' })), ...pagingArguments }),
  output: Type.Object({ totalCount: Type.Integer(), items: Type.Array(InvoiceDtoSchema) }),
  async handle({ caller, input, services }) {
    return services.tenantBilling.invoices(caller, input);
  },
});
