import { Alert, Badge, Button, Group, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { ConfirmModal } from '../layout/ConfirmModal';
import { formatMoney, periodWords } from '../lib/money';
import { ProductFormModal, type Product } from './catalogue/ProductFormModal';
import { ListTable } from '../layout/ListTable';

/** The product catalogue: what a customer can pick at sign-up, with a price per payment period and currency. */
export function CataloguePage() {
  const [showRetired, setShowRetired] = useState(false);
  const [editing, setEditing] = useState<Product | 'new' | null>(null);
  // Kept while the confirmation fades out, so it still names what it was about.
  const [deleting, setDeleting] = useState<Product | null>(null);
  const [confirming, setConfirming] = useState(false);
  const askToDelete = (item: Product) => {
    remove.reset();
    setDeleting(item);
    setConfirming(true);
  };
  const queryClient = useQueryClient();
  const products = useQuery({
    queryKey: ['products', showRetired],
    queryFn: () => unwrap(api.GET('/api/services/CRM/Product/GetProducts', { params: { query: { includeRetired: showRetired } } })),
  });
  const done = () => void queryClient.invalidateQueries({ queryKey: ['products'] });
  const remove = useMutation({
    mutationFn: (product: Product) => unwrap(api.DELETE('/api/services/CRM/Product/DeleteProduct', { params: { query: { id: product.id } } })),
    onSuccess: () => {
      setConfirming(false);
      done();
    },
  });
  const offerAgain = useMutation({
    mutationFn: (p: Product) => unwrap(api.PUT('/api/services/CRM/Product/UpdateProduct', { body: { id: p.id, name: p.name, description: p.description, prices: p.prices, isRetired: false } })),
    onSuccess: done,
  });
  const items = products.data?.items ?? [];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Product catalogue
        </Title>
        <Button onClick={() => setEditing('new')}>New product</Button>
      </Group>
      <Switch label="Show retired products" checked={showRetired} onChange={(e) => setShowRetired(e.currentTarget.checked)} />
      {(products.error ?? offerAgain.error) && (
        <Alert color="red" role="alert">
          {(products.error ?? offerAgain.error)!.message}
        </Alert>
      )}
      {products.isPending && <Text>Loading…</Text>}
      {products.data && items.length === 0 && (
        <Text c="dimmed">
          {showRetired ? 'The catalogue is empty.' : 'No products on offer.'} Add one with “New product”: sign-up shows the products and their prices to new customers.
        </Text>
      )}
      {items.length > 0 && (
        <ListTable minWidth={320} withTableBorder data-testid="products" columns={['Product', 'Prices', 'Actions']}>
          {items.map((product) => (
            <Table.Tr key={product.id}>
              <Table.Td>
                <Text fw={600}>{product.name}</Text>
                {product.description && (
                  <Text size="sm" c="dimmed">
                    {product.description}
                  </Text>
                )}
                <Badge mt={4} variant="filled" color={product.isRetired ? 'gray.7' : '#1f6f35'}>
                  {product.isRetired ? 'retired' : 'on offer'}
                </Badge>
              </Table.Td>
              <Table.Td>
                {product.prices.map((p) => (
                  <Text key={p.id} size="sm">
                    {formatMoney(p.amount, p.currency)} {periodWords(p.paymentPeriodType)}
                  </Text>
                ))}
              </Table.Td>
              <Table.Td>
                <Group gap="xs">
                  <Button size="xs" variant="default" onClick={() => setEditing(product)} aria-label={`Edit ${product.name}`}>
                    Edit…
                  </Button>
                  {product.isRetired ? (
                    <Button size="xs" variant="default" loading={offerAgain.isPending} onClick={() => offerAgain.mutate(product)} aria-label={`Offer ${product.name} again`}>
                      Offer again
                    </Button>
                  ) : (
                    <Button size="xs" color="red" variant="light" onClick={() => askToDelete(product)} aria-label={`Delete ${product.name}…`}>
                      Delete…
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}
      {editing && <ProductFormModal key={editing === 'new' ? 'new' : editing.id} product={editing === 'new' ? undefined : editing} opened onClose={() => setEditing(null)} />}
      <ConfirmModal
        opened={confirming}
        title={`Delete ${deleting?.name ?? ''}?`}
        keepLabel="Keep it"
        confirmLabel={`Delete ${deleting?.name ?? ''}`}
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setConfirming(false)}
      >
        <Text>
          <b>{deleting?.name}</b> leaves the catalogue and its prices go with it: new sign-ups can no longer pick it. If a lead, subscription or
          invoice names it, it is retired instead — those records keep it, and you can offer it again later.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}
