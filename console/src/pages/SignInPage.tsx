import { Alert, Anchor, Button, Checkbox, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { fieldError } from '../api/errors';
import { signIn } from '../api/sign-in';
import { PublicPage } from '../layout/PublicPage';

/** Only a path of this site is followed after sign-in, never another origin. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [tenancyName, setTenancyName] = useState('');
  const [userName, setUserName] = useState('');
  const [password, setPassword] = useState('');
  // The second step of a two-factor sign-in: shown once the server asks for the code.
  const [needsCode, setNeedsCode] = useState(false);
  const [code, setCode] = useState('');
  const [rememberClient, setRememberClient] = useState(false);
  const mutation = useMutation({
    mutationFn: () =>
      signIn({ tenancyName, userNameOrEmailAddress: userName, password, ...(needsCode ? { twoFactorVerificationCode: code.trim(), rememberClient } : {}) }),
    onSuccess: (result) => {
      if (result === 'two_factor_required') setNeedsCode(true);
      else navigate(safeNext(params.get('next')), { replace: true });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };
  const error = mutation.error;

  return (
    <PublicPage title="Sign in">
      <form onSubmit={submit} noValidate>
        <Stack>
          {params.get('expired') && !error && (
            <Alert color="yellow" title="Your session has ended">
              Sign in again to go back to the page you were on.
            </Alert>
          )}
          {error && (
            <Alert color="red" title="Sign-in failed" role="alert">
              {error.message}
            </Alert>
          )}
          <TextInput
            label="Tenancy name"
            description="Leave empty to sign in as a platform operator."
            value={tenancyName}
            onChange={(e) => setTenancyName(e.currentTarget.value)}
            error={fieldError(error, 'tenancyName')}
            autoComplete="organization"
          />
          <TextInput
            label="User name or e-mail"
            required
            value={userName}
            onChange={(e) => setUserName(e.currentTarget.value)}
            error={fieldError(error, 'userNameOrEmailAddress')}
            autoComplete="username"
          />
          <PasswordInput
            label="Password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fieldError(error, 'password')}
            autoComplete="current-password"
          />
          <Anchor component={Link} to="/account/forgot-password" size="sm">
            Forgot your password?
          </Anchor>
          {needsCode && (
            <>
              <TextInput
                label="Two-factor code"
                description="The six-digit code of your authenticator app, or one of your recovery codes."
                required
                value={code}
                onChange={(e) => setCode(e.currentTarget.value)}
                autoComplete="one-time-code"
                inputMode="text"
                data-autofocus
                autoFocus
              />
              <Checkbox label="Remember this browser for 30 days" checked={rememberClient} onChange={(e) => setRememberClient(e.currentTarget.checked)} />
            </>
          )}
          <Button type="submit" loading={mutation.isPending}>
            {needsCode ? 'Verify and sign in' : 'Sign in'}
          </Button>
          <Text size="sm">
            New customer?{' '}
            <Anchor component={Link} to="/signup">
              Sign up
            </Anchor>
          </Text>
        </Stack>
      </form>
    </PublicPage>
  );
}
