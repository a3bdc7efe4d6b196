import { Alert, Button, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { account } from '../api/account';
import { PublicPage } from '../layout/PublicPage';

/**
 * `/account/confirm-email`: confirms on a click, not on opening — a mail scanner that follows the link must not use
 * the code up (as the login-link page does).
 */
export function ConfirmEmailPage() {
  const [params] = useSearchParams();
  const userId = Number(params.get('userId'));
  const code = params.get('confirmationCode') ?? '';
  const mutation = useMutation({ mutationFn: () => account.activateEmail(userId, code) });

  return (
    <PublicPage title="Confirm your e-mail address">
      <Stack>
        {mutation.isSuccess ? (
          <>
            <Alert color="green" role="status">
              <Text fw={700} size="sm">
                Your e-mail address is confirmed
              </Text>
              You can sign in now.
            </Alert>
            <Button component={Link} to="/signin">
              Sign in
            </Button>
          </>
        ) : (
          <>
            {(mutation.isError || !(userId > 0 && code)) && (
              <Alert color="red" title="This link cannot be used" role="alert">
                It is incomplete, has expired or has already been used. Ask your administrator to send a new one.
              </Alert>
            )}
            <Text size="sm">Confirm that this e-mail address is yours.</Text>
            <Button onClick={() => mutation.mutate()} loading={mutation.isPending} disabled={!(userId > 0 && code)}>
              Confirm my e-mail address
            </Button>
          </>
        )}
      </Stack>
    </PublicPage>
  );
}
