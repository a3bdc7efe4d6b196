import { Badge, Group, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { Section } from '../../components/Section';
import { ListTable } from '../../layout/ListTable';

const SHOWN = 50;
const ADMIN_ROLE = 'Admin';

/** The tenant's users as the host sees them (`Platform/User/GetUsers` with the tenant's id), administrators first. */
export function TenantUsers({ tenantId }: { tenantId: number }) {
  const users = useQuery({
    queryKey: ['tenant', tenantId, 'users'],
    queryFn: () => unwrap(api.GET('/api/services/Platform/User/GetUsers', { params: { query: { tenantId, sorting: 'userName', skipCount: 0, maxResultCount: SHOWN } } })),
  });
  const items = [...(users.data?.items ?? [])].sort((a, b) => Number(b.roleNames.includes(ADMIN_ROLE)) - Number(a.roleNames.includes(ADMIN_ROLE)));
  const admins = items.filter((u) => u.roleNames.includes(ADMIN_ROLE)).length;

  return (
    <Section
      id="tenant-users"
      title="Users"
      error={users.error}
      loading={users.isPending}
      empty={users.data && items.length === 0 && 'This tenant has no users left. Its administrator can invite users once signed in; a new admin comes with a new tenant.'}
    >
      {items.length > 0 && (
        <>
          <Text size="sm" c="dimmed">
            {users.data!.totalCount} {users.data!.totalCount === 1 ? 'user' : 'users'}, {admins} with the Admin role{users.data!.totalCount > SHOWN ? ` (the first ${SHOWN} shown)` : ''}.
          </Text>
          <ListTable minWidth={560} withTableBorder data-testid="tenant-users" columns={['User name', 'Name', 'E-mail', 'Roles', 'State']}>
            {items.map((user) => (
              <Table.Tr key={user.id}>
                <Table.Td>{user.userName}</Table.Td>
                <Table.Td>{`${user.name} ${user.surname}`.trim()}</Table.Td>
                <Table.Td style={{ wordBreak: 'break-all' }}>{user.emailAddress}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {user.roleNames.map((role) => (
                      <Badge key={role} variant={role === ADMIN_ROLE ? 'filled' : 'default'} color={role === ADMIN_ROLE ? 'blue.9' : undefined}>
                        {role}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>{user.isInvitationPending ? 'invited' : user.isLockedOut ? 'locked out' : user.isActive ? 'active' : 'inactive'}</Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        </>
      )}
    </Section>
  );
}
