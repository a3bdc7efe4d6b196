import { Alert, Button, Menu, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { linkedAccounts } from '../api/profile';
import { signOut } from '../api/sign-in';
import { useSession } from '../api/use-session';

/** The signed-in user's menu: own account, linked accounts (and switching to one), sign-out. */
export function UserMenu() {
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const recent = useQuery({ queryKey: ['linked-accounts', 'recent'], queryFn: linkedAccounts.recent, staleTime: 60_000 });
  const switchTo = useMutation({
    mutationFn: (account: { id: number; tenantId: number | null }) => linkedAccounts.switchTo(account.id, account.tenantId),
    onSuccess: () => {
      queryClient.clear();
      navigate('/', { replace: true });
    },
  });
  const who = `${session?.userName ?? ''} · ${session?.tenancyName ?? 'host'}`;

  return (
    <>
      <Menu position="bottom-end" width={260} withinPortal>
        <Menu.Target>
          <Button variant="default" aria-label={`Account menu of ${who}`} data-testid="signed-in-as" loading={switchTo.isPending}>
            <Text span inherit truncate="end" maw="40vw">
              {who}
            </Text>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item component={Link} to="/profile">
            My account
          </Menu.Item>
          <Menu.Item component={Link} to="/linked-accounts">
            Linked accounts
          </Menu.Item>
          {(recent.data?.items.length ?? 0) > 0 && (
            <>
              <Menu.Divider />
              <Menu.Label>Switch to</Menu.Label>
              {recent.data!.items.map((account) => (
                <Menu.Item key={`${account.tenantId}:${account.id}`} onClick={() => switchTo.mutate(account)}>
                  {account.username} · {account.tenancyName || 'host'}
                </Menu.Item>
              ))}
            </>
          )}
          <Menu.Divider />
          <Menu.Item onClick={() => void signOut().then(() => navigate('/signin'))}>Sign out</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {switchTo.error && (
        <Alert color="red" role="alert" pos="fixed" top={64} right={16} maw={360} style={{ zIndex: 300 }} withCloseButton closeButtonLabel="Dismiss" onClose={() => switchTo.reset()} title="Could not switch">
          {switchTo.error.message}
        </Alert>
      )}
    </>
  );
}
