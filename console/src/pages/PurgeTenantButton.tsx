import { Alert, Button, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, unwrap } from '../api/client';

/**
 * Purge of a deleted tenant (`Platform/Tenant/PurgeTenant`): it cannot be undone, so the confirmation lists what
 * is erased and asks for the tenant's name typed out before the button works.
 */
export function PurgeTenantButton({ id, name }: { id: number; name: string }) {
  const [opened, { open, close }] = useDisclosure();
  const [typed, setTyped] = useState('');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const purge = useMutation({
    mutationFn: () => unwrap(api.POST('/api/services/Platform/Tenant/PurgeTenant', { body: { id } })),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: ['tenant', id] });
      void queryClient.invalidateQueries({ queryKey: ['tenants'] });
      navigate(`/tenants?purged=${encodeURIComponent(name)}`);
    },
  });
  const dismiss = () => {
    setTyped('');
    purge.reset();
    close();
  };

  return (
    <>
      <Button color="red.9" onClick={open}>
        Purge…
      </Button>
      <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={opened} onClose={dismiss} title={`Purge ${name} for good?`}>
        <Stack>
          <Text>Purging erases now, instead of at the end of the retention period, everything {name} has:</Text>
          <List size="sm" spacing={4}>
            <List.Item>its users, roles, settings and API keys</List.Item>
            <List.Item>its subscriptions, invoices and payment settings</List.Item>
            <List.Item>its event subscriptions and their deliveries</List.Item>
          </List>
          <Text>
            It cannot be restored afterwards. The record that it was purged stays in the audit log, and the tenancy name becomes free for
            someone else.
          </Text>
          <TextInput label={`Type ${name} to confirm`} value={typed} onChange={(e) => setTyped(e.currentTarget.value)} autoComplete="off" />
          {purge.error && (
            <Alert color="red" role="alert">
              {purge.error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={dismiss}>
              Keep it
            </Button>
            <Button color="red.9" disabled={typed.trim() !== name} loading={purge.isPending} onClick={() => purge.mutate()}>
              Purge {name}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
