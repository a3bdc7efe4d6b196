import { Alert, Button, Modal, NumberInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { fieldError, formProblem } from '../../api/errors';

interface Coupon {
  id: number;
  code: string;
  expiresAt: string | null;
  maxRedemptions: number | null;
  redemptionCount: number;
}

/** "Edit limits…": a coupon's last day and most uses (`CRM/Coupon/UpdateCoupon`); a day in the past ends it now. */
export function CouponLimitsModal({ coupon, onClose }: { coupon: Coupon; onClose: () => void }) {
  const [expires, setExpires] = useState(coupon.expiresAt?.slice(0, 10) ?? '');
  const [maxRedemptions, setMaxRedemptions] = useState<number | string>(coupon.maxRedemptions ?? '');
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT('/api/services/CRM/Coupon/UpdateCoupon', {
          body: {
            id: coupon.id,
            // The end of the chosen day, in UTC; empty: no expiry.
            expiresAt: expires ? `${expires}T23:59:59Z` : null,
            // Empty: no limit (0 says so explicitly).
            maxRedemptions: typeof maxRedemptions === 'number' ? maxRedemptions : 0,
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

  return (
    <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened onClose={onClose} title={`Limits of ${coupon.code}`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">The code and the reduction stay: invoices name them. Leave a field empty for no expiry or no limit; a day in the past ends the coupon now.</Text>
          {save.error && (
            <Alert color="red" role="alert" title="The coupon was not changed">
              {formProblem(save.error)}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput type="date" label="Expires after" description="The end of that day, UTC" value={expires} onChange={(e) => setExpires(e.currentTarget.value)} error={fieldError(save.error, 'expiresAt')} />
            <NumberInput
              label="Most uses"
              description={`Used ${coupon.redemptionCount === 1 ? 'once' : `${coupon.redemptionCount} times`} so far`}
              min={1}
              allowNegative={false}
              allowDecimal={false}
              value={maxRedemptions}
              onChange={setMaxRedemptions}
              error={fieldError(save.error, 'maxRedemptions')}
            />
          </SimpleGrid>
          <Button type="submit" loading={save.isPending} style={{ alignSelf: 'flex-start' }}>
            Save limits
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
