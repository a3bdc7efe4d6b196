import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { escapeHtml as e } from '../../domain/html.js';
import { currencyExponent } from '../../domain/money.js';
import type { Services } from '../../services/index.js';
import type { PublicInvoiceView } from '../../services/onboarding/public-invoices.js';
import { noStore } from '../no-store.js';
import { sendPage, wantsJson } from './page.js';

const statusNames: Record<PublicInvoiceView['status'], string> = { open: 'Due', paid: 'Paid', void: 'Void' };

/** `GET /invoices/{publicInvoiceId}`: the invoice a registration answered as `paymentLink`, as a page or as JSON. */
export async function invoicePage(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.get(
    '/invoices/:publicInvoiceId',
    {
      schema: {
        summary: 'A public invoice: a page for people, JSON with Accept: application/json',
        tags: ['Pages'],
        params: Type.Object({ publicInvoiceId: Type.String() }),
      },
    },
    async (request, reply) => {
      const { publicInvoiceId } = request.params as { publicInvoiceId: string };
      const invoice = await services.invoices.find(publicInvoiceId);
      if (wantsJson(request)) return noStore(reply).send(invoice);
      return sendPage(reply, 200, `Invoice for ${invoice.tenant.name}`, renderInvoice(invoice));
    },
  );
}

function renderInvoice(invoice: PublicInvoiceView): string {
  const money = (amount: number) => `${amount.toFixed(currencyExponent(invoice.currency))} ${e(invoice.currency)}`;
  const company = invoice.tenant.companyName && invoice.tenant.companyName !== invoice.tenant.name ? ` (${e(invoice.tenant.companyName)})` : '';
  const lines = invoice.lines
    .map((l) => `<tr><td>${e(l.description)}</td><td class="amount">${l.quantity}</td><td class="amount">${money(l.unitAmount)}</td><td class="amount">${money(l.amount)}</td></tr>`)
    .join('\n');
  const discount = invoice.discount > 0
    ? `<tr><td colspan="3">Discount${invoice.couponCode ? ` (coupon ${e(invoice.couponCode)})` : ''}</td><td class="amount">−${money(invoice.discount)}</td></tr>\n`
    : '';
  const pay = invoice.payUrl ? `<p><a class="pay" href="${e(invoice.payUrl)}">Pay ${money(invoice.total)}</a></p>` : '';
  return `<h1>Invoice for ${e(invoice.tenant.name)}${company}</h1>
<p>Account <strong>${e(invoice.tenant.tenancyName)}</strong> · issued ${e(invoice.createdAt.slice(0, 10))} · <span class="status">${statusNames[invoice.status]}</span></p>
<table>
<thead><tr><th>Item</th><th class="amount">Quantity</th><th class="amount">Unit price</th><th class="amount">Amount</th></tr></thead>
<tbody>
${lines}
<tr><td colspan="3">Subtotal</td><td class="amount">${money(invoice.subtotal)}</td></tr>
${discount}<tr class="total"><td colspan="3">Total</td><td class="amount">${money(invoice.total)}</td></tr>
</tbody>
</table>
${pay}
<p><small>Invoice ${e(invoice.publicInvoiceId)}</small></p>`;
}
