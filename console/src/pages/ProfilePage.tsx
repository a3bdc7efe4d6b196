import { Alert, Button, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fieldError } from '../api/errors';
import { profile } from '../api/profile';
import { useSession } from '../api/use-session';
import { TwoFactorCard } from './account/TwoFactorCard';

/** The signed-in user's own account: password and two-factor sign-in. */
export function ProfilePage() {
  const session = useSession();
  return (
    <Stack maw={760}>
      <Title order={1} size="h2">
        My account
      </Title>
      <Text size="sm" c="dimmed">
        Signed in as <strong>{session?.userName}</strong>
        {session?.tenancyName ? ` of ${session.tenancyName}` : ' (platform operator)'}.
      </Text>
      <TwoFactorCard />
      <ChangePasswordCard />
    </Stack>
  );
}

function ChangePasswordCard() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: () => profile.changePassword(current, next),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setRepeat('');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMismatch(next !== repeat);
    if (next === repeat) change.mutate();
  };
  const error = change.error;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="password-title">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} size="h3" id="password-title">
            Password
          </Title>
          {change.isSuccess && (
            <Alert color="green" role="status">
              Your password is changed. Every other session and API key of yours has ended; this one goes on.
            </Alert>
          )}
          {error && !fieldError(error, 'currentPassword') && !fieldError(error, 'newPassword') && (
            <Alert color="red" role="alert" title="The password was not changed">
              {error.message}
            </Alert>
          )}
          <PasswordInput label="Current password" required autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.currentTarget.value)} error={fieldError(error, 'currentPassword')} />
          <PasswordInput
            label="New password"
            description="Your other sessions and API keys end when it changes."
            required
            autoComplete="new-password"
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
            error={fieldError(error, 'newPassword')}
          />
          <PasswordInput label="Repeat the new password" required autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.currentTarget.value)} error={mismatch ? 'The two passwords differ.' : undefined} />
          <Button type="submit" loading={change.isPending} style={{ alignSelf: 'flex-start' }}>
            Change password
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
