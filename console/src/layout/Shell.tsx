import { ActionIcon, Alert, AppShell, Burger, Button, Group, NavLink, Text, useMantineColorScheme } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { backToImpersonator } from '../api/impersonation';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { signOut } from '../api/sign-in';
import { isHost, useSession } from '../api/use-session';
import { TwoFactorReminder } from './TwoFactorReminder';
import { UserMenu } from './UserMenu';

const HOST_LINKS = [
  { to: '/dashboard', label: 'Dashboard' },
  { to: '/tenants', label: 'Tenants' },
  { to: '/leads', label: 'Leads' },
  { to: '/catalogue', label: 'Catalogue' },
  { to: '/coupons', label: 'Coupons' },
];
/** Pages of a tenant admin (and of the host for the host itself), each shown to whoever holds its permission. */
const TENANT_LINKS: { to: string; label: string; permission?: string; tenantOnly?: boolean }[] = [
  { to: '/settings', label: 'General settings' },
  { to: '/api-keys', label: 'API keys' },
  { to: '/users', label: 'Users', permission: 'Users.Manage' },
  { to: '/roles', label: 'Roles', permission: 'Users.Manage' },
  { to: '/billing', label: 'Billing', permission: 'Payments.Manage', tenantOnly: true },
];

/** The signed-in frame: header with the user and sign-out, navigation (a drawer on narrow screens), the page. */
export function Shell({ children }: { children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure();
  const session = useSession();
  const location = useLocation();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const own = TENANT_LINKS.filter((l) => (!l.permission || session?.permissions.includes(l.permission)) && !(l.tenantOnly && isHost(session)));
  const links = isHost(session) ? [...HOST_LINKS, ...own] : own;

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
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={colorScheme === 'dark' ? 'Use light colours' : 'Use dark colours'}
              onClick={() => setColorScheme(colorScheme === 'dark' ? 'light' : 'dark')}
            >
              <span aria-hidden="true">{colorScheme === 'dark' ? '☀' : '☾'}</span>
            </ActionIcon>
            <UserMenu />
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
            // Filled in the darkest shade: the light variant's text falls below AA contrast under the pointer (4.1:1), and the
            // dark scheme's primary shade under white text (3:1).
            variant="filled"
            color="indigo.9"
            aria-current={location.pathname.startsWith(link.to) ? 'page' : undefined}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        {session?.impersonatorUserName && <ImpersonationBanner userName={session.userName} impersonatorUserName={session.impersonatorUserName} />}
        <TwoFactorReminder />
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
  const queryClient = useQueryClient();
  const [returning, setReturning] = useState(false);
  const back = async () => {
    setReturning(true);
    try {
      await backToImpersonator();
      // Nothing read as the impersonated user may show in the impersonator's own session.
      queryClient.clear();
      navigate('/');
    } catch {
      await signOut().catch(() => undefined);
      queryClient.clear();
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
