import { Alert, Anchor, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router-dom';
import { profile } from '../api/profile';

/**
 * When the organisation requires administrators to sign in with two factors and this one has not enrolled, every
 * other call is refused: say so on every page, and where to go.
 */
export function TwoFactorReminder() {
  const location = useLocation();
  const status = useQuery({ queryKey: ['two-factor-status'], queryFn: profile.twoFactorStatus, staleTime: 60_000 });
  if (!status.data?.isRequired || status.data.isGoogleAuthenticatorEnabled || location.pathname === '/profile') return null;
  return (
    <Alert color="yellow" mb="md" role="alert">
      <Text fw={700} size="sm">Set up two-factor sign-in</Text>
      Your organisation requires administrators to sign in with a code from an authenticator app. Until you set one up, nothing else works.{' '}
      <Anchor component={Link} to="/profile">
        Set it up now
      </Anchor>
    </Alert>
  );
}
