import { Alert, Button, Group, Modal, Pagination, PasswordInput, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { fieldError } from '../api/errors';
import { linkedAccounts } from '../api/profile';
import { ConfirmModal } from '../layout/ConfirmModal';
import { ListTable } from '../layout/ListTable';

const PAGE_SIZE = 10;

interface Linked {
  id: number;
  tenantId: number | null;
  tenancyName: string;
  username: string;
}

const blank = { tenancyName: '', usernameOrEmailAddress: '', password: '', twoFactorVerificationCode: '' };

/** The accounts linked to the signed-in user's: link another one (its own credentials), unlink, switch to it. */
export function LinkedAccountsPage() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [page, setPage] = useState(0);
  const list = useQuery({ queryKey: ['linked-accounts', page], queryFn: () => linkedAccounts.list(page * PAGE_SIZE, PAGE_SIZE), placeholderData: keepPreviousData });
  const [linking, setLinking] = useState(false);
  const [form, setForm] = useState(blank);
  const [unlinking, setUnlinking] = useState<Linked | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['linked-accounts'] });

  const link = useMutation({
    mutationFn: () => linkedAccounts.link({ ...form, tenancyName: form.tenancyName.trim(), usernameOrEmailAddress: form.usernameOrEmailAddress.trim(), twoFactorVerificationCode: form.twoFactorVerificationCode.trim() || undefined }),
    onSuccess: () => {
      setNotice(`${form.usernameOrEmailAddress.trim()} of ${form.tenancyName.trim()} is linked to your account.`);
      setLinking(false);
      setForm(blank);
      refresh();
    },
  });
  const unlink = useMutation({
    mutationFn: (account: Linked) => linkedAccounts.unlink(account.id, account.tenantId),
    onSuccess: (_answer, account) => {
      setNotice(`${account.username} of ${account.tenancyName} is no longer linked.`);
      setUnlinking(null);
      refresh();
    },
  });
  const switchTo = useMutation({
    mutationFn: (account: Linked) => linkedAccounts.switchTo(account.id, account.tenantId),
    onSuccess: () => {
      queryClient.clear();
      navigate('/', { replace: true });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    link.mutate();
  };
  const total = list.data?.totalCount ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const error = link.error;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Linked accounts
        </Title>
        <Button
          onClick={() => {
            link.reset();
            setNotice(null);
            setLinking(true);
          }}
        >
          Link an account
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        Accounts of yours in other organisations: link them once with their own password, then switch between them without signing in again.
      </Text>
      {notice && (
        <Alert color="green" role="status" withCloseButton closeButtonLabel="Dismiss" onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      )}
      {switchTo.error && (
        <Alert color="red" role="alert" title="Could not switch">
          {switchTo.error.message}
        </Alert>
      )}
      {list.error && <Alert color="red">{list.error.message}</Alert>}
      {list.data && list.data.items.length === 0 && <Text c="dimmed">No linked accounts yet. Link one with “Link an account”, using that account’s tenancy name, user name and password.</Text>}
      {list.data && list.data.items.length > 0 && (
        <ListTable minWidth={420} striped columns={['Organisation', 'User', <VisuallyHidden>Actions</VisuallyHidden>]}>
          {list.data.items.map((account) => (
            <Table.Tr key={`${account.tenantId}:${account.id}`}>
              <Table.Td>{account.tenancyName || 'platform'}</Table.Td>
              <Table.Td>{account.username}</Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap" justify="flex-end">
                  <Button size="xs" onClick={() => switchTo.mutate(account)} loading={switchTo.isPending && switchTo.variables?.id === account.id} aria-label={`Switch to ${account.username} of ${account.tenancyName}`}>
                    Switch
                  </Button>
                  <Button size="xs" color="red" variant="light" onClick={() => setUnlinking(account)} aria-label={`Unlink ${account.username} of ${account.tenancyName}`}>
                    Unlink
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}
      {pages > 1 && <Pagination total={pages} value={page + 1} onChange={(p) => setPage(p - 1)} aria-label="Pages" />}

      <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={linking} onClose={() => setLinking(false)} title="Link an account">
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">Sign in to the other account once; from then on you can switch to it from the menu under your name.</Text>
            {error && (
              <Alert color="red" role="alert" title="The account was not linked">
                {error.message}
              </Alert>
            )}
            <TextInput label="Tenancy name" required value={form.tenancyName} onChange={(e) => setForm({ ...form, tenancyName: e.currentTarget.value })} error={fieldError(error, 'tenancyName')} autoComplete="off" />
            <TextInput label="User name or e-mail" required value={form.usernameOrEmailAddress} onChange={(e) => setForm({ ...form, usernameOrEmailAddress: e.currentTarget.value })} error={fieldError(error, 'usernameOrEmailAddress')} autoComplete="off" />
            <PasswordInput label="Password" required value={form.password} onChange={(e) => setForm({ ...form, password: e.currentTarget.value })} error={fieldError(error, 'password')} autoComplete="off" />
            <TextInput
              label="Two-factor code"
              description="Only if that account signs in with an authenticator app."
              value={form.twoFactorVerificationCode}
              onChange={(e) => setForm({ ...form, twoFactorVerificationCode: e.currentTarget.value })}
              error={fieldError(error, 'twoFactorVerificationCode')}
              autoComplete="off"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setLinking(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={link.isPending}>
                Link account
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <ConfirmModal
        opened={unlinking !== null}
        title={`Unlink ${unlinking?.username ?? ''} of ${unlinking?.tenancyName ?? ''}?`}
        confirmLabel="Unlink"
        pending={unlink.isPending}
        error={unlink.error}
        onConfirm={() => unlinking && unlink.mutate(unlinking)}
        onClose={() => {
          setUnlinking(null);
          unlink.reset();
        }}
      >
        You can no longer switch to that account from here, nor it to yours. The account itself stays as it is; you can link it again with its password.
      </ConfirmModal>
    </Stack>
  );
}
