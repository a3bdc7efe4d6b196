import { Alert, Badge, Button, Code, CopyButton, Group, Image, List, Modal, Paper, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fieldError } from '../../api/errors';
import { profile } from '../../api/profile';

/**
 * Two-factor sign-in with an authenticator app: enrol by scanning the QR code and confirming a first code (the ten
 * recovery codes are shown this once), or turn it off with the password.
 */
export function TwoFactorCard() {
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: ['two-factor-status'], queryFn: profile.twoFactorStatus });
  const [code, setCode] = useState('');
  const [disabling, setDisabling] = useState(false);
  const [password, setPassword] = useState('');
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['two-factor-status'] });

  const begin = useMutation({ mutationFn: profile.beginTwoFactor });
  const confirm = useMutation({ mutationFn: () => profile.confirmTwoFactor(code.trim()), onSuccess: refresh });
  const disable = useMutation({
    mutationFn: () => profile.disableTwoFactor(password),
    onSuccess: () => {
      setDisabling(false);
      setPassword('');
      begin.reset();
      confirm.reset();
      refresh();
    },
  });
  const submitCode = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate();
  };
  const submitDisable = (event: FormEvent) => {
    event.preventDefault();
    disable.mutate();
  };
  const enabled = status.data?.isGoogleAuthenticatorEnabled ?? false;

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="two-factor-title">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h3" id="two-factor-title">
            Two-factor sign-in
          </Title>
          {status.data && (
            <Badge color={enabled ? '#1f6f35' : 'gray.7'} variant="filled" data-testid="two-factor-state">
              {enabled ? 'on' : 'off'}
            </Badge>
          )}
        </Group>
        {status.error && <Alert color="red">{status.error.message}</Alert>}
        {status.data?.isRequired && !enabled && (
          <Alert color="yellow">
            <Text fw={700} size="sm">Your organisation requires it</Text>
            Administrators must sign in with a code from an authenticator app. Enrol now to continue working.
          </Alert>
        )}

        {confirm.data ? (
          <Stack>
            <Alert color="green" role="status">
              <Text fw={700} size="sm">Two-factor sign-in is on</Text>
              From now on you sign in with your password and a code from the app.
            </Alert>
            <Alert color="yellow">
              <Text fw={700} size="sm">Keep your recovery codes now</Text>
              Each code signs you in once if you lose your phone. They are shown only this once.
            </Alert>
            <Code block data-testid="recovery-codes">
              {confirm.data.recoveryCodes.join('\n')}
            </Code>
            <Group>
              <CopyButton value={confirm.data.recoveryCodes.join('\n')}>{({ copied, copy }) => <Button onClick={copy}>{copied ? 'Copied' : 'Copy the codes'}</Button>}</CopyButton>
              <Button variant="default" onClick={() => confirm.reset()}>
                I have kept them
              </Button>
            </Group>
          </Stack>
        ) : enabled ? (
          <Stack>
            <Text size="sm">You sign in with your password and a code from your authenticator app. {status.data?.recoveryCodesLeft ?? 0} recovery codes are left.</Text>
            <Button variant="light" color="red" onClick={() => setDisabling(true)} style={{ alignSelf: 'flex-start' }}>
              Turn two-factor sign-in off
            </Button>
          </Stack>
        ) : begin.data ? (
          <form onSubmit={submitCode} noValidate>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Stack gap="xs">
                <Image src={begin.data.qrCodeSetupImageUrl} alt="QR code to scan with your authenticator app" w={200} h={200} fit="contain" bg="white" p={4} />
              </Stack>
              <Stack>
                <List type="ordered" size="sm" spacing={4}>
                  <List.Item>Scan the QR code with an authenticator app (or type the key below into it).</List.Item>
                  <List.Item>Enter the six-digit code the app shows.</List.Item>
                </List>
                <Group gap="xs">
                  <Code style={{ wordBreak: 'break-all' }} data-testid="authenticator-key">
                    {begin.data.googleAuthenticatorKey}
                  </Code>
                  <CopyButton value={begin.data.googleAuthenticatorKey}>
                    {({ copied, copy }) => (
                      <Button size="xs" variant="default" onClick={copy}>
                        {copied ? 'Copied' : 'Copy key'}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
                <TextInput
                  label="Code from the app"
                  required
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  value={code}
                  onChange={(e) => setCode(e.currentTarget.value)}
                  error={fieldError(confirm.error, 'authenticatorCode') ?? (confirm.error && !fieldError(confirm.error, 'authenticatorCode') ? confirm.error.message : undefined)}
                />
                <Button type="submit" loading={confirm.isPending} style={{ alignSelf: 'flex-start' }}>
                  Turn on
                </Button>
              </Stack>
            </SimpleGrid>
          </form>
        ) : (
          <Stack>
            <Text size="sm">Protect your account with a second step at sign-in: a code from an authenticator app on your phone.</Text>
            {begin.error && (
              <Alert color="red" role="alert">
                {begin.error.message}
              </Alert>
            )}
            <Button onClick={() => begin.mutate()} loading={begin.isPending} style={{ alignSelf: 'flex-start' }}>
              Set up an authenticator app
            </Button>
          </Stack>
        )}
      </Stack>

      <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={disabling} onClose={() => setDisabling(false)} title="Turn two-factor sign-in off?">
        <form onSubmit={submitDisable} noValidate>
          <Stack>
            <Text size="sm">Your password alone will sign you in again. Your unused recovery codes and every remembered browser stop working.</Text>
            <PasswordInput label="Your password" required autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={fieldError(disable.error, 'password')} />
            {disable.error && !fieldError(disable.error, 'password') && (
              <Alert color="red" role="alert">
                {disable.error.message}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDisabling(false)}>
                Keep it on
              </Button>
              <Button type="submit" color="red.9" loading={disable.isPending}>
                Turn off
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  );
}
