import { Alert, Anchor, Button, Loader, PasswordInput, Stack, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { account } from '../api/account';
import { fieldError } from '../api/errors';
import { PublicPage } from '../layout/PublicPage';

/** The two ways to choose a password with a mailed code: a reset (`/account/reset-password`) and an invitation. */
const MODES = {
  reset: { title: 'Choose a new password', code: 'resetCode', button: 'Set the new password' },
  invitation: { title: 'Accept your invitation', code: 'invitationCode', button: 'Accept and set my password' },
} as const;

/** `/account/reset-password` and `/account/accept-invitation`: the mailed link's code, and the password the person chooses. */
export function ChoosePasswordPage({ mode }: { mode: keyof typeof MODES }) {
  const words = MODES[mode];
  const [params] = useSearchParams();
  const userId = Number(params.get('userId'));
  const code = params.get(words.code) ?? '';
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const info = useQuery({
    queryKey: ['reset-code-info', userId, code],
    queryFn: () => account.resetCodeInfo(userId, code),
    enabled: mode === 'reset' && userId > 0 && code !== '',
    retry: false,
  });
  const mutation = useMutation({
    mutationFn: () => (mode === 'reset' ? account.resetPassword(userId, code, password) : account.acceptInvitation(userId, code, password)),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMismatch(password !== repeat);
    if (password === repeat) mutation.mutate();
  };
  const error = mutation.error;
  const badLink = !(userId > 0 && code) || info.isError || fieldError(error, words.code);

  if (mutation.isSuccess) {
    return (
      <PublicPage title={words.title}>
        <Stack>
          <Alert color="green" role="status">
            <Text fw={700} size="sm">
              Your password is set
            </Text>
            Sign in as <strong>{mutation.data.userName}</strong> with your new password.
          </Alert>
          <Button component={Link} to="/signin">
            Sign in
          </Button>
        </Stack>
      </PublicPage>
    );
  }
  return (
    <PublicPage title={words.title}>
      {badLink ? (
        <Stack>
          <Alert color="red" title="This link cannot be used" role="alert">
            It is incomplete, has expired or has already been used. {mode === 'reset' ? 'Ask for a new one.' : 'Ask whoever invited you to send it again.'}
          </Alert>
          {mode === 'reset' && (
            <Anchor component={Link} to="/account/forgot-password">
              Ask for a new link
            </Anchor>
          )}
        </Stack>
      ) : info.isLoading ? (
        <Loader aria-label="Checking the link" />
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {info.data && (
              <Text size="sm">
                For <strong>{info.data.userName}</strong>
                {info.data.tenancyName ? ` of ${info.data.tenancyName}` : ''}.
              </Text>
            )}
            {error && !fieldError(error, 'password') && (
              <Alert color="red" title="The password could not be set" role="alert">
                {error.message}
              </Alert>
            )}
            <PasswordInput
              label="New password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={fieldError(error, 'password')}
              autoComplete="new-password"
            />
            <PasswordInput
              label="Repeat the password"
              required
              value={repeat}
              onChange={(e) => setRepeat(e.currentTarget.value)}
              error={mismatch ? 'The two passwords differ.' : undefined}
              autoComplete="new-password"
            />
            <Button type="submit" loading={mutation.isPending}>
              {words.button}
            </Button>
          </Stack>
        </form>
      )}
    </PublicPage>
  );
}
