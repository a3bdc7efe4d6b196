import { Alert, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

const SHOWN = 20;

/** The latest entries of one tenant's audit log (`Platform/AuditLog/GetAuditLogs` with its `tenantId`), newest first. */
export function TenantAuditTrail({ tenantId }: { tenantId: number }) {
  const trail = useQuery({
    queryKey: ['tenant', tenantId, 'audit'],
    queryFn: () => unwrap(api.GET('/api/services/Platform/AuditLog/GetAuditLogs', { params: { query: { tenantId, skipCount: 0, maxResultCount: SHOWN } } })),
  });
  const items = trail.data?.items ?? [];

  return (
    <Stack gap="xs" component="section" aria-labelledby="audit-trail-heading">
      <Title order={2} size="h4" id="audit-trail-heading">
        Audit trail
      </Title>
      {trail.error && (
        <Alert color="red" role="alert">
          {trail.error.message}
        </Alert>
      )}
      {trail.data && items.length === 0 && <Text c="dimmed">Nothing recorded for this tenant yet: its changes, sign-ins and lifecycle appear here.</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={520}>
          <Table withTableBorder data-testid="audit-trail">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">When (UTC)</Table.Th>
                <Table.Th scope="col">Who</Table.Th>
                <Table.Th scope="col">What</Table.Th>
                <Table.Th scope="col">Concerning</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((entry) => (
                <Table.Tr key={entry.id}>
                  <Table.Td>{entry.executionTime.slice(0, 19).replace('T', ' ')}</Table.Td>
                  <Table.Td>{entry.userName ?? (entry.userId === null ? 'the system' : `user ${entry.userId}`)}</Table.Td>
                  <Table.Td>{entry.action}</Table.Td>
                  <Table.Td>{entry.target ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {trail.data && trail.data.totalCount > SHOWN && (
        <Text size="sm" c="dimmed">
          The latest {SHOWN} of {trail.data.totalCount} entries.
        </Text>
      )}
    </Stack>
  );
}
