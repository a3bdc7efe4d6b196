import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { account } from '../api/account';
import { fieldError } from '../api/errors';
import { PublicPage } from '../layout/PublicPage';

/** `/account/forgot-password`: asks for a reset link. The answer is the same whether or not the account exists. */
export function ForgotPasswordPage() {
  const [tenancyName, setTenancyName] = useState('');
  const [emailAddress, setEmailAddress] = useState('');
  const mutation = useMutation({ mutationFn: () => account.sendPasswordResetCode(emailAddress, tenancyName) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };
  const error = mutation.error;

  return (
    <PublicPage title="Forgot your password?">
      {mutation.isSuccess ? (
        <Stack>
          <Alert color="green" role="status">
            <Text fw={700} size="sm">
              Check your inbox
            </Text>
            If an account with the address {emailAddress} exists, an e-mail with a link to choose a new password is on its way. The link works
            once and for a limited time.
          </Alert>
          <Anchor component={Link} to="/signin">
            Back to sign in
          </Anchor>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">Enter the e-mail address of your account and we will send you a link to choose a new password.</Text>
            {error && (
              <Alert color="red" title="The link could not be sent" role="alert">
                {error.message}
              </Alert>
            )}
            <TextInput
              label="Tenancy name"
              description="Leave empty if you are a platform operator."
              value={tenancyName}
              onChange={(e) => setTenancyName(e.currentTarget.value)}
              error={fieldError(error, 'tenancyName')}
              autoComplete="organization"
            />
            <TextInput
              label="E-mail address"
              type="email"
              required
              value={emailAddress}
              onChange={(e) => setEmailAddress(e.currentTarget.value)}
              error={fieldError(error, 'emailAddress')}
              autoComplete="email"
            />
            <Button type="submit" loading={mutation.isPending}>
              Send the link
            </Button>
            <Anchor component={Link} to="/signin" size="sm">
              Back to sign in
            </Anchor>
          </Stack>
        </form>
      )}
    </PublicPage>
  );
}
