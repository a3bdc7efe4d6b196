import { Alert, Anchor, Badge, Button, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { api, unwrap } from '../api/client';
import { readTenant, text } from '../api/rest-tenants';
import { PurgeTenantButton } from './PurgeTenantButton';
import { TenantAuditTrail } from './TenantAuditTrail';
import { EditTenantButton } from './tenant/EditTenantButton';
import { TenantBilling } from './tenant/TenantBilling';
import { TenantPackages } from './tenant/TenantPackages';
import { TenantUsers } from './tenant/TenantUsers';

/**
 * One tenant: every filled field of the REST document and their edit, its users, subscriptions, invoices, packages
 * and audit trail, and its lifecycle (suspend, resume, delete, restore, purge).
 */
export function TenantDetailPage() {
  const id = Number(useParams().id);
  const queryClient = useQueryClient();
  const tenant = useQuery({ queryKey: ['tenant', id], queryFn: () => readTenant(id), enabled: Number.isInteger(id) && id > 0 });
  const [confirming, confirm] = useDisclosure();

  const done = () => {
    void queryClient.invalidateQueries({ queryKey: ['tenant', id] });
    void queryClient.invalidateQueries({ queryKey: ['tenants'] });
  };
  const setActive = useMutation({
    mutationFn: (isActive: boolean) => unwrap(api.POST('/api/services/Platform/Tenant/SetTenantActive', { body: { id, isActive } })),
    onSuccess: done,
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/services/Platform/Tenant/DeleteTenant', { params: { query: { id } } })),
    onSuccess: () => {
      confirm.close();
      done();
    },
  });
  const restore = useMutation({
    mutationFn: () => unwrap(api.POST('/api/services/Platform/Tenant/RestoreTenant', { body: { id } })),
    onSuccess: done,
  });

  const fields = tenant.data ?? {};
  const name = text(fields.name) || `Tenant ${id}`;
  const deleted = text(fields.deleted) === '1' || remove.isSuccess;
  const active = text(fields.active) === '1';
  const failure = setActive.error ?? remove.error ?? restore.error;

  return (
    <Stack>
      <Anchor component={Link} to="/tenants" size="sm">
        ← All tenants
      </Anchor>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {name}
        </Title>
        {tenant.data && (
          <Badge size="lg" variant="filled" color={deleted ? 'red.9' : active ? '#1f6f35' : 'gray.7'} data-testid="tenant-state">
            {deleted ? 'deleted' : active ? 'active' : 'suspended'}
          </Badge>
        )}
      </Group>
      {tenant.error && !deleted && (
        <Alert color="red" role="alert">
          {tenant.error.message}
        </Alert>
      )}
      {failure && (
        <Alert color="red" role="alert">
          {failure.message}
        </Alert>
      )}
      <Group>
        {!deleted && tenant.data && <EditTenantButton tenantId={id} name={name} />}
        {!deleted && active && (
          <Button variant="default" loading={setActive.isPending} onClick={() => setActive.mutate(false)}>
            Suspend
          </Button>
        )}
        {!deleted && !active && tenant.data && (
          <Button loading={setActive.isPending} onClick={() => setActive.mutate(true)}>
            Resume
          </Button>
        )}
        {!deleted && tenant.data && (
          <Button color="red" variant="light" onClick={confirm.open}>
            Delete…
          </Button>
        )}
        {deleted && (
          <Button loading={restore.isPending} onClick={() => restore.mutate()}>
            Restore
          </Button>
        )}
        {deleted && <PurgeTenantButton id={id} name={name} />}
      </Group>
      {tenant.isPending && <Text>Loading…</Text>}
      {tenant.data && (
        <Table.ScrollContainer minWidth={320}>
          <Table withTableBorder>
            <Table.Tbody>
              {Object.entries(fields)
                .filter(([, value]) => text(value) !== '')
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([field, value]) => (
                <Table.Tr key={field}>
                  <Table.Th scope="row" w="40%">
                    {field}
                  </Table.Th>
                  <Table.Td style={{ wordBreak: 'break-word' }}>{text(value)}</Table.Td>
                </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {tenant.data && (
        <>
          <TenantUsers tenantId={id} />
          <TenantBilling tenantId={id} />
          <TenantPackages tenantId={id} />
        </>
      )}
      {Number.isInteger(id) && id > 0 && <TenantAuditTrail tenantId={id} />}
      <Modal closeButtonProps={{ "aria-label": "Close" }} opened={confirming} onClose={confirm.close} title={`Delete ${name}?`}>
        <Stack>
          <Text>
            Every user of <b>{name}</b> is signed out at once and for good: their sessions, refresh tokens, API keys and unused login links
            end and do not come back on restore. The tenant stays restorable for the retention period, then it and all its data are purged.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={confirm.close}>
              Keep it
            </Button>
            <Button color="red.9" loading={remove.isPending} onClick={() => remove.mutate()}>
              Delete {name}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
