import { Alert, Badge, Button, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useSignInAs } from '../../api/use-sign-in-as';
import { Section } from '../../components/Section';
import { ListTable } from '../../layout/ListTable';

const SHOWN = 50;
const ADMIN_ROLE = 'Admin';

/**
 * The tenant's users as the host sees them (`Platform/User/GetUsers` with the tenant's id), administrators first;
 * a host holding `Users.Impersonation` can sign in as one of them (support, as ASP.NET Zero's "Login as this tenant").
 */
export function TenantUsers({ tenantId }: { tenantId: number }) {
  const { mayImpersonate, impersonation } = useSignInAs(tenantId);
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
          {impersonation.error && (
            <Alert color="red" role="alert">
              {impersonation.error.message}
            </Alert>
          )}
          <ListTable minWidth={640} withTableBorder data-testid="tenant-users" columns={['User name', 'Name', 'E-mail', 'Roles', 'State', <VisuallyHidden key="actions">Actions</VisuallyHidden>]}>
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
                <Table.Td>
                  {mayImpersonate(user) && (
                    <Button size="compact-xs" variant="default" aria-label={`Sign in as ${user.userName}`} loading={impersonation.isPending} onClick={() => impersonation.mutate(user)}>
                      Sign in as
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        </>
      )}
    </Section>
  );
}
