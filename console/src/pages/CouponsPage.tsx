import { Alert, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { ConfirmModal } from '../layout/ConfirmModal';
import { day, formatMoney } from '../lib/money';
import { CouponFormModal } from './catalogue/CouponFormModal';
import { CouponLimitsModal } from './catalogue/CouponLimitsModal';
import { ListTable } from '../layout/ListTable';

interface Coupon {
  id: number;
  code: string;
  percentOff: number | null;
  amountOff: number | null;
  currency: string | null;
  expiresAt: string | null;
  maxRedemptions: number | null;
  redemptionCount: number;
}

/** Coupons a sign-up can carry, with what they take off, until when, and how often they were used. */
export function CouponsPage() {
  const [creating, setCreating] = useState(false);
  const [limiting, setLimiting] = useState<Coupon | null>(null);
  // Kept while the confirmation fades out, so it still names what it was about.
  const [deleting, setDeleting] = useState<Coupon | null>(null);
  const [confirming, setConfirming] = useState(false);
  const askToDelete = (item: Coupon) => {
    remove.reset();
    setDeleting(item);
    setConfirming(true);
  };
  const queryClient = useQueryClient();
  const coupons = useQuery({ queryKey: ['coupons'], queryFn: () => unwrap(api.GET('/api/services/CRM/Coupon/GetCoupons', {})) });
  const remove = useMutation({
    mutationFn: (coupon: Coupon) => unwrap(api.DELETE('/api/services/CRM/Coupon/DeleteCoupon', { params: { query: { id: coupon.id } } })),
    onSuccess: () => {
      setConfirming(false);
      void queryClient.invalidateQueries({ queryKey: ['coupons'] });
    },
  });
  const items = coupons.data?.items ?? [];
  const now = Date.now();

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Coupons
        </Title>
        <Button onClick={() => setCreating(true)}>New coupon</Button>
      </Group>
      {coupons.error && (
        <Alert color="red" role="alert">
          {coupons.error.message}
        </Alert>
      )}
      {coupons.isPending && <Text>Loading…</Text>}
      {coupons.data && items.length === 0 && <Text c="dimmed">No coupons yet. Make one with “New coupon”; a customer types its code in the sign-up form.</Text>}
      {items.length > 0 && (
        <ListTable minWidth={320} withTableBorder data-testid="coupons" columns={['Code', 'Limits', 'Actions']}>
          {items.map((coupon) => {
            const expired = coupon.expiresAt !== null && Date.parse(coupon.expiresAt) <= now;
            const usedUp = coupon.maxRedemptions !== null && coupon.redemptionCount >= coupon.maxRedemptions;
            return (
              <Table.Tr key={coupon.id}>
                <Table.Td>
                  <Text ff="monospace" style={{ wordBreak: 'break-all' }}>
                    {coupon.code}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {coupon.percentOff !== null ? `${coupon.percentOff} %` : formatMoney(coupon.amountOff ?? 0, coupon.currency ?? 'USD')} off the first invoice
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{coupon.expiresAt ? `Expires ${day(coupon.expiresAt)}${expired ? ' (expired)' : ''}` : 'Never expires'}</Text>
                  <Text size="sm">
                    Used {coupon.redemptionCount === 1 ? 'once' : `${coupon.redemptionCount} times`}
                    {coupon.maxRedemptions !== null ? ` of ${coupon.maxRedemptions}` : ''}
                    {usedUp ? ' (used up)' : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    <Button size="xs" variant="default" onClick={() => setLimiting(coupon)} aria-label={`Edit the limits of ${coupon.code}…`}>
                      Limits…
                    </Button>
                    <Button size="xs" color="red" variant="light" onClick={() => askToDelete(coupon)} aria-label={`Delete coupon ${coupon.code}…`}>
                      Delete…
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </ListTable>
      )}
      {creating && <CouponFormModal opened onClose={() => setCreating(false)} />}
      {limiting && <CouponLimitsModal key={limiting.id} coupon={limiting} onClose={() => setLimiting(null)} />}
      <ConfirmModal
        opened={confirming}
        title={`Delete coupon ${deleting?.code ?? ''}?`}
        keepLabel="Keep it"
        confirmLabel={`Delete ${deleting?.code ?? ''}`}
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setConfirming(false)}
      >
        <Text>
          Sign-ups can no longer use <b>{deleting?.code}</b>, and its code becomes free for a new coupon. Invoices that already used it keep their discount.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}
