import { ActionIcon, Alert, AppShell, Burger, Button, Group, NavLink, Text, useMantineColorScheme } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';
import { backToImpersonator } from '../api/impersonation';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { signOut } from '../api/sign-in';
import { isHost, useSession } from '../api/use-session';

const HOST_LINKS = [
  { to: '/dashboard', label: 'Dashboard' },
  { to: '/tenants', label: 'Tenants' },
];
const TENANT_LINKS = [
  { to: '/settings', label: 'General settings' },
  { to: '/api-keys', label: 'API keys' },
];

/** The signed-in frame: header with the user and sign-out, navigation (a drawer on narrow screens), the page. */
export function Shell({ children }: { children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const links = isHost(session) ? [...HOST_LINKS, ...TENANT_LINKS] : TENANT_LINKS;

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text fw={700} component={Link} to="/">
              Tenantry
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" c="dimmed" visibleFrom="xs" data-testid="signed-in-as">
              {session?.userName}
              {session?.tenancyName ? ` · ${session.tenancyName}` : ' · host'}
            </Text>
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={colorScheme === 'dark' ? 'Use light colours' : 'Use dark colours'}
              onClick={() => setColorScheme(colorScheme === 'dark' ? 'light' : 'dark')}
            >
              <span aria-hidden="true">{colorScheme === 'dark' ? '☀' : '☾'}</span>
            </ActionIcon>
            <Button variant="default" onClick={() => void signOut().then(() => navigate('/signin'))}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {links.map((link) => (
          <NavLink
            key={link.to}
            component={Link}
            to={link.to}
            label={link.label}
            active={location.pathname.startsWith(link.to)}
            aria-current={location.pathname.startsWith(link.to) ? 'page' : undefined}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        {session?.impersonatorUserName && <ImpersonationBanner userName={session.userName} impersonatorUserName={session.impersonatorUserName} />}
        {children}
      </AppShell.Main>
    </AppShell>
  );
}

/**
 * Says whose account an impersonator is in, and takes it back to its own. When the way back is refused (the
 * impersonator's own session has ended meanwhile), nothing is left to go back to: the console signs out.
 */
function ImpersonationBanner({ userName, impersonatorUserName }: { userName: string; impersonatorUserName: string }) {
  const navigate = useNavigate();
  const [returning, setReturning] = useState(false);
  const back = async () => {
    setReturning(true);
    try {
      await backToImpersonator();
      navigate('/');
    } catch {
      await signOut().catch(() => undefined);
      navigate('/signin');
    } finally {
      setReturning(false);
    }
  };
  return (
    <Alert color="yellow" mb="md" role="status" data-testid="impersonation-banner">
      <Group justify="space-between" gap="xs">
        <Text size="sm">
          Signed in as <strong>{userName}</strong> by <strong>{impersonatorUserName}</strong>
        </Text>
        <Button size="xs" variant="default" loading={returning} onClick={() => void back()}>
          Back to my account
        </Button>
      </Group>
    </Alert>
  );
}
