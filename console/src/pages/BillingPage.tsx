import { Alert, Anchor, Badge, Button, Group, Pagination, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import { fieldError } from '../api/errors';
import { ConfirmModal } from '../layout/ConfirmModal';

const PAGE_SIZE = 10;
const STATUS_COLOUR = { open: 'indigo.8', paid: '#1f6f35', void: 'gray.7' } as const;

/** The tenant's payments: the Stripe account that receives them, and its invoices. */
export function BillingPage() {
  return (
    <Stack maw={900}>
      <Title order={1} size="h2">
        Billing
      </Title>
      <StripeAccountCard />
      <InvoicesCard />
    </Stack>
  );
}

function StripeAccountCard() {
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: ['stripe-settings'], queryFn: () => unwrap(api.GET('/api/services/CRM/TenantPaymentSettings/GetStripeSettings', {})) });
  const [draft, setDraft] = useState<string | null>(null);
  const [disconnecting, setDisconnecting] = useState(false);
  const save = useMutation({
    mutationFn: (connectedAccountId: string | null) => unwrap(api.POST('/api/services/CRM/TenantPaymentSettings/SetStripeConnectedAccount', { body: { connectedAccountId } })),
    onSuccess: () => {
      setDraft(null);
      setDisconnecting(false);
      void queryClient.invalidateQueries({ queryKey: ['stripe-settings'] });
    },
  });
  const current = settings.data?.connectedAccountId ?? null;
  const value = draft ?? current ?? '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(value.trim() || null);
  };
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="stripe-title">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Group justify="space-between">
            <Title order={2} size="h3" id="stripe-title">
              Stripe account
            </Title>
            {settings.data && (
              <Badge color={current ? '#1f6f35' : 'gray.7'} variant="filled">
                {current ? 'connected' : 'not connected'}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            The Stripe account (connected in Stripe) that receives your customers’ payments.
          </Text>
          {settings.error && <Alert color="red">{settings.error.message}</Alert>}
          {save.isSuccess && (
            <Alert color="green" role="status">
              The Stripe account is saved.
            </Alert>
          )}
          {save.error && !fieldError(save.error, 'connectedAccountId') && (
            <Alert color="red" role="alert">
              {save.error.message}
            </Alert>
          )}
          <TextInput
            label="Connected account id"
            description="Starts with acct_, as Stripe's dashboard shows it"
            placeholder="acct_…"
            value={value}
            onChange={(e) => {
              save.reset();
              setDraft(e.currentTarget.value);
            }}
            error={fieldError(save.error, 'connectedAccountId')}
            autoComplete="off"
          />
          <Group>
            <Button type="submit" loading={save.isPending && !disconnecting}>
              Save account
            </Button>
            {current && (
              <Button variant="light" color="red" onClick={() => setDisconnecting(true)}>
                Disconnect
              </Button>
            )}
          </Group>
        </Stack>
      </form>
      <ConfirmModal
        opened={disconnecting}
        title="Disconnect the Stripe account?"
        confirmLabel="Disconnect"
        pending={save.isPending}
        error={disconnecting ? save.error : null}
        onConfirm={() => save.mutate(null)}
        onClose={() => setDisconnecting(false)}
      >
        {`Payments stop going to ${current ?? 'the account'} until you connect an account again. Nothing changes at Stripe.`}
      </ConfirmModal>
    </Paper>
  );
}

function InvoicesCard() {
  const [page, setPage] = useState(0);
  const invoices = useQuery({
    queryKey: ['invoices', page],
    queryFn: () => unwrap(api.GET('/api/services/CRM/Invoice/GetInvoices', { params: { query: { skipCount: page * PAGE_SIZE, maxResultCount: PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  });
  const total = invoices.data?.totalCount ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="invoices-title">
      <Stack>
        <Title order={2} size="h3" id="invoices-title">
          Invoices
        </Title>
        {invoices.error && <Alert color="red">{invoices.error.message}</Alert>}
        {invoices.data && invoices.data.items.length === 0 && <Text c="dimmed">No invoices yet. They appear here when you subscribe to a product.</Text>}
        {invoices.data && invoices.data.items.length > 0 && (
          <Table.ScrollContainer minWidth={520}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Date</Table.Th>
                  <Table.Th>For</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>Total</Table.Th>
                  <Table.Th>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {invoices.data.items.map((invoice) => (
                  <Table.Tr key={invoice.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{invoice.creationTime.slice(0, 10)}</Table.Td>
                    <Table.Td>
                      <Anchor href={`/invoices/${invoice.publicInvoiceId}`}>{invoice.description || 'Invoice'}</Anchor>
                      {invoice.couponCode && (
                        <Text size="xs" c="dimmed">
                          coupon {invoice.couponCode}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>{new Intl.NumberFormat(undefined, { style: 'currency', currency: invoice.currency }).format(invoice.total)}</Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLOUR[invoice.status]} variant="filled">
                        {invoice.status}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {pages > 1 && <Pagination total={pages} value={page + 1} onChange={(p) => setPage(p - 1)} aria-label="Invoice pages" />}
      </Stack>
    </Paper>
  );
}
