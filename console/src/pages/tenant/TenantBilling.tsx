import { Anchor, Badge, Table, Text, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { Section } from '../../components/Section';
import { day, formatMoney, periodWords } from '../../lib/money';
import { ListTable } from '../../layout/ListTable';

const SHOWN = 20;
const STATE_COLOUR: Record<string, string> = { active: '#1f6f35', paid: '#1f6f35', pending: '#8f4f00', open: '#8f4f00', cancelled: 'gray.7', void: 'gray.7' };

/** The tenant's subscriptions and invoices, as the host sees them; each invoice links to its public page. */
export function TenantBilling({ tenantId }: { tenantId: number }) {
  const subscriptions = useQuery({
    queryKey: ['tenant', tenantId, 'subscriptions'],
    queryFn: () => unwrap(api.GET('/api/services/Platform/TenantSubscription/GetSubscriptions', { params: { query: { tenantId } } })),
  });
  const invoices = useQuery({
    queryKey: ['tenant', tenantId, 'invoices'],
    queryFn: () => unwrap(api.GET('/api/services/CRM/Invoice/GetInvoices', { params: { query: { tenantId, skipCount: 0, maxResultCount: SHOWN } } })),
  });
  const subs = subscriptions.data?.items ?? [];
  const bills = invoices.data?.items ?? [];

  return (
    <>
      <Section
        id="tenant-subscriptions"
        title="Subscriptions"
        error={subscriptions.error}
        loading={subscriptions.isPending}
        empty={subscriptions.data && subs.length === 0 && 'No subscriptions: a tenant made here rather than through sign-up has none. Subscriptions come from the products a customer picks at /signup.'}
      >
        {subs.length > 0 && (
          <ListTable minWidth={480} withTableBorder data-testid="tenant-subscriptions" columns={['Product', 'Price', 'Quantity', 'State', 'Since']}>
            {subs.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>{s.productName}</Table.Td>
                <Table.Td>
                  {formatMoney(s.amount, s.currency)} {periodWords(s.paymentPeriodType)}
                </Table.Td>
                <Table.Td>{s.quantity}</Table.Td>
                <Table.Td>
                  <Badge variant="filled" color={STATE_COLOUR[s.status]}>
                    {s.status === 'pending' ? 'pending payment' : s.status}
                  </Badge>
                </Table.Td>
                <Table.Td>{day(s.startDate)}</Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        )}
      </Section>
      <Section
        id="tenant-invoices"
        title="Invoices"
        error={invoices.error}
        loading={invoices.isPending}
        empty={invoices.data && bills.length === 0 && 'No invoices yet: the first one is written when a sign-up completes.'}
      >
        {bills.length > 0 && (
          <ListTable minWidth={520} withTableBorder data-testid="tenant-invoices" columns={['Date', 'For', 'Total', 'State', 'Invoice page']}>
            {bills.map((invoice) => (
              <Table.Tr key={invoice.id}>
                <Table.Td>{day(invoice.creationTime)}</Table.Td>
                <Table.Td>
                  {invoice.description}
                  {invoice.couponCode && (
                    <Text span size="sm" c="dimmed">
                      {' '}
                      (coupon {invoice.couponCode}, −{formatMoney(invoice.discount, invoice.currency)})
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{formatMoney(invoice.total, invoice.currency)}</Table.Td>
                <Table.Td>
                  <Badge variant="filled" color={STATE_COLOUR[invoice.status]}>
                    {invoice.status}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Anchor size="sm" href={`/invoices/${invoice.publicInvoiceId}`} target="_blank" rel="noopener">
                    Open invoice<VisuallyHidden> of {day(invoice.creationTime)} (opens in a new tab)</VisuallyHidden>
                  </Anchor>
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        )}
        {invoices.data && invoices.data.totalCount > SHOWN && (
          <Text size="sm" c="dimmed">
            The latest {SHOWN} of {invoices.data.totalCount} invoices.
          </Text>
        )}
      </Section>
    </>
  );
}
