import { Alert, Button, Modal, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { fieldError, formProblem } from '../../api/errors';
import { currencyOptions } from '../../lib/pickers';

/** "New coupon": a percentage, or an amount in a currency, off the first invoice (`CRM/Coupon/CreateCoupon`). */
export function CouponFormModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [code, setCode] = useState('');
  const [kind, setKind] = useState<'percent' | 'amount'>('percent');
  const [value, setValue] = useState<number | string>('');
  const [currency, setCurrency] = useState<string | null>('USD');
  const [expires, setExpires] = useState('');
  const [maxRedemptions, setMaxRedemptions] = useState<number | string>('');
  const currencies = useMemo(currencyOptions, []);
  const queryClient = useQueryClient();
  // An empty number is left out rather than sent as null, which the API would read as 0.
  const given = <K extends string>(key: K, v: number | string) => (typeof v === 'number' ? ({ [key]: v } as Record<K, number>) : {});
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/services/CRM/Coupon/CreateCoupon', {
          body: {
            code,
            ...(kind === 'percent' ? given('percentOff', value) : { ...given('amountOff', value), currency }),
            // The end of the chosen day, in UTC.
            expiresAt: expires ? `${expires}T23:59:59Z` : null,
            ...given('maxRedemptions', maxRedemptions),
          },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['coupons'] });
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const error = save.error;
  const valueField = kind === 'percent' ? 'percentOff' : 'amountOff';

  return (
    <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={opened} onClose={onClose} title="New coupon">
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert" title="The coupon was not created">
              {formProblem(error)}
            </Alert>
          )}
          <TextInput label="Code" description='Letters, digits, "_" or "-"; customers type it at sign-up' required value={code} onChange={(e) => setCode(e.currentTarget.value)} error={fieldError(error, 'code')} />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="coupon-kind-label">
              Reduction
            </Text>
            <SegmentedControl
              aria-labelledby="coupon-kind-label"
              data={[
                { value: 'percent', label: 'A percentage' },
                { value: 'amount', label: 'An amount' },
              ]}
              value={kind}
              onChange={(v) => setKind(v as 'percent' | 'amount')}
            />
          </Stack>
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <NumberInput
              label={kind === 'percent' ? 'Percent off' : 'Amount off'}
              required
              min={0}
              max={kind === 'percent' ? 100 : undefined}
              allowNegative={false}
              value={value}
              onChange={setValue}
              error={fieldError(error, valueField)}
            />
            {kind === 'amount' && <Select label="Currency" required searchable data={currencies} value={currency} onChange={setCurrency} error={fieldError(error, 'currency')} />}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput type="date" label="Expires after" description="Optional; the end of that day, UTC" value={expires} onChange={(e) => setExpires(e.currentTarget.value)} error={fieldError(error, 'expiresAt')} />
            <NumberInput label="Most uses" description="Optional" min={1} allowNegative={false} allowDecimal={false} value={maxRedemptions} onChange={setMaxRedemptions} error={fieldError(error, 'maxRedemptions')} />
          </SimpleGrid>
          <Button type="submit" loading={save.isPending} style={{ alignSelf: 'flex-start' }}>
            Create coupon
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
