import { ActionIcon, Alert, Button, Group, Modal, NumberInput, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { fieldError, formProblem } from '../../api/errors';
import { currencyOptions } from '../../lib/pickers';

export interface Product {
  id: number;
  name: string;
  description: string | null;
  prices: { paymentPeriodType: 'Monthly' | 'Annual'; amount: number; currency: string }[];
  isRetired: boolean;
}

interface PriceRow {
  key: number;
  paymentPeriodType: string;
  amount: number | string;
  currency: string;
}

const PERIODS = [
  { value: 'Monthly', label: 'Monthly' },
  { value: 'Annual', label: 'Annual' },
];
let nextKey = 1;
const row = (p: Partial<PriceRow> = {}): PriceRow => ({ key: nextKey++, paymentPeriodType: 'Monthly', amount: '', currency: 'USD', ...p });

/**
 * A product's name, description and prices (one per payment period and currency): `CreateProduct`, or `UpdateProduct`
 * when a product is given. Each problem the API names (`prices[1].amount`) is shown next to its own input.
 */
export function ProductFormModal({ product, opened, onClose }: { product?: Product; opened: boolean; onClose: () => void }) {
  const [name, setName] = useState(product?.name ?? '');
  const [description, setDescription] = useState(product?.description ?? '');
  const [prices, setPrices] = useState<PriceRow[]>(() => (product ? product.prices.map((p) => row(p)) : [row()]));
  const currencies = useMemo(currencyOptions, []);
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name,
        description: description.trim() || null,
        // An empty amount is left out, so the API names it as missing (a null would be read as 0, a free price).
        prices: prices.map((p) => ({ paymentPeriodType: p.paymentPeriodType, ...(typeof p.amount === 'number' ? { amount: p.amount } : {}), currency: p.currency })),
      };
      return product
        ? unwrap(api.PUT('/api/services/CRM/Product/UpdateProduct', { body: { id: product.id, ...body, isRetired: product.isRetired } }))
        : unwrap(api.POST('/api/services/CRM/Product/CreateProduct', { body }));
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['products'] });
      onClose();
    },
  });
  const setPrice = (key: number, change: Partial<PriceRow>) => setPrices((rows) => rows.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const error = save.error;
  const title = product ? `Edit ${product.name}` : 'New product';

  return (
    <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={opened} onClose={onClose} title={title} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert" title={product ? 'The product was not changed' : 'The product was not created'}>
              {formProblem(error)}
            </Alert>
          )}
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(error, 'name')} />
          <Textarea label="Description" autosize minRows={2} value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={fieldError(error, 'description')} />
          <Stack gap="xs" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
            <Text component="legend" fw={500} size="sm">
              Prices
            </Text>
            {fieldError(error, 'prices') && (
              <Text c="red.9" size="sm" role="alert">
                {fieldError(error, 'prices')}
              </Text>
            )}
            {prices.map((p, i) => (
              <Group key={p.key} align="flex-start" wrap="wrap" gap="xs">
                <Select
                  label={`Price ${i + 1}: period`}
                  data={PERIODS}
                  value={p.paymentPeriodType}
                  onChange={(v) => setPrice(p.key, { paymentPeriodType: v ?? 'Monthly' })}
                  allowDeselect={false}
                  error={fieldError(error, `prices[${i}].paymentPeriodType`)}
                  w={130}
                />
                <NumberInput
                  label={`Price ${i + 1}: amount`}
                  min={0}
                  allowNegative={false}
                  value={p.amount}
                  onChange={(v) => setPrice(p.key, { amount: v })}
                  error={fieldError(error, `prices[${i}].amount`)}
                  w={140}
                />
                <Select
                  label={`Price ${i + 1}: currency`}
                  searchable
                  data={currencies}
                  value={p.currency}
                  onChange={(v) => setPrice(p.key, { currency: v ?? '' })}
                  error={fieldError(error, `prices[${i}].currency`)}
                  w={200}
                />
                <ActionIcon
                  variant="default"
                  size="lg"
                  mt={26}
                  aria-label={`Remove price ${i + 1}`}
                  disabled={prices.length === 1}
                  onClick={() => setPrices((rows) => rows.filter((r) => r.key !== p.key))}
                >
                  <span aria-hidden="true">×</span>
                </ActionIcon>
              </Group>
            ))}
            <Button variant="subtle" onClick={() => setPrices((rows) => [...rows, row({ paymentPeriodType: 'Annual' })])} style={{ alignSelf: 'flex-start' }}>
              Add a price
            </Button>
          </Stack>
          {product && (
            <Text size="sm" c="dimmed">
              Invoices and subscriptions already written keep the prices they were written with.
            </Text>
          )}
          <Button type="submit" loading={save.isPending} style={{ alignSelf: 'flex-start' }}>
            {product ? 'Save product' : 'Create product'}
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
