import { ActionIcon, Alert, Badge, Button, Group, Menu, Pagination, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useSignInAs } from '../api/use-sign-in-as';
import { useSession } from '../api/use-session';
import { users, type User } from '../api/users';
import { ConfirmModal } from '../layout/ConfirmModal';
import { UserFormModal } from './users/UserFormModal';
import { ListTable } from '../layout/ListTable';

const PAGE_SIZE = 10;

type Pending = { kind: 'delete' | 'deactivate'; user: User } | null;

/** The users of the signed-in admin's tenant (the host's for a host admin): search, pages, create, edit, and the rest. */
export function UsersPage() {
  const session = useSession();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const filter = params.get('q') ?? '';
  const page = Math.max(0, Number(params.get('page') ?? 0) || 0);
  const [draft, setDraft] = useState(filter);
  const [editing, setEditing] = useState<User | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [pending, setPending] = useState<Pending>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const list = useQuery({
    queryKey: ['users', filter, page],
    queryFn: () => users.list(filter, page * PAGE_SIZE, PAGE_SIZE),
    placeholderData: keepPreviousData,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['users'] });
  const act = useMutation({
    mutationFn: async ({ kind, user }: { kind: 'delete' | 'deactivate' | 'activate' | 'unlock' | 'resend'; user: User }) => {
      if (kind === 'delete') await users.remove(user.id);
      else if (kind === 'deactivate' || kind === 'activate') await users.update({ id: user.id, isActive: kind === 'activate' });
      else if (kind === 'unlock') await users.unlock(user.id);
      else await users.resendInvitation(user.emailAddress, session?.tenancyName ?? null);
      return { kind, user };
    },
    onSuccess: ({ kind, user }) => {
      setPending(null);
      setNotice(
        {
          delete: `${user.userName} was deleted.`,
          deactivate: `${user.userName} was deactivated and signed out everywhere.`,
          activate: `${user.userName} was activated.`,
          unlock: `${user.userName} can sign in again.`,
          resend: `The invitation is on its way to ${user.emailAddress} again.`,
        }[kind],
      );
      refresh();
    },
  });

  const { mayImpersonate, impersonation } = useSignInAs(session?.tenantId ?? null);

  const search = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams(params);
    if (draft.trim()) next.set('q', draft.trim());
    else next.delete('q');
    next.delete('page');
    setParams(next);
  };
  const goTo = (p: number) => {
    const next = new URLSearchParams(params);
    if (p > 0) next.set('page', String(p));
    else next.delete('page');
    setParams(next);
  };
  const open = (user: User | null) => {
    setNotice(null);
    setEditing(user);
    setFormOpen(true);
  };
  const total = list.data?.totalCount ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Users
        </Title>
        <Button onClick={() => open(null)}>New user</Button>
      </Group>
      <form onSubmit={search} role="search">
        <Group align="flex-end">
          <TextInput style={{ flex: '1 1 16rem' }} label="Search users" description="Part of a user name, name or e-mail address" value={draft} onChange={(e) => setDraft(e.currentTarget.value)} />
          <Button type="submit" variant="default">
            Search
          </Button>
        </Group>
      </form>
      {notice && (
        <Alert color="green" role="status" withCloseButton closeButtonLabel="Dismiss" onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      )}
      {act.error && !pending && (
        <Alert color="red" role="alert">
          {act.error.message}
        </Alert>
      )}
      {impersonation.error && (
        <Alert color="red" role="alert">
          {impersonation.error.message}
        </Alert>
      )}
      {list.error && <Alert color="red">{list.error.message}</Alert>}
      <Text size="sm" aria-live="polite" data-testid="user-total">
        {list.isPending ? 'Loading…' : `${total} user${total === 1 ? '' : 's'}`}
      </Text>
      {list.data && list.data.items.length > 0 && (
        <ListTable minWidth={620} striped columns={['User name', 'Name', 'E-mail', 'Roles', <VisuallyHidden>Actions</VisuallyHidden>]}>
          {list.data.items.map((user) => (
            <Table.Tr key={user.id}>
              <Table.Td>
                <Group gap={6} wrap="wrap">
                  <Text size="sm" fw={500}>
                    {user.userName}
                  </Text>
                  {user.id === session?.userId && <Badge variant="default">you</Badge>}
                  {user.isInvitationPending && <Badge color="indigo.8">invited</Badge>}
                  {!user.isActive && <Badge color="gray.7">inactive</Badge>}
                  {user.isLockedOut && <Badge color="red.9">locked out</Badge>}
                </Group>
              </Table.Td>
              <Table.Td>
                {user.name} {user.surname}
              </Table.Td>
              <Table.Td style={{ wordBreak: 'break-all' }}>{user.emailAddress}</Table.Td>
              <Table.Td>{user.roleNames.join(', ') || '—'}</Table.Td>
              <Table.Td>
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <ActionIcon variant="default" size="lg" aria-label={`Actions for ${user.userName}`}>
                      <span aria-hidden="true">⋯</span>
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item onClick={() => open(user)}>Edit</Menu.Item>
                    {mayImpersonate(user) && <Menu.Item onClick={() => impersonation.mutate(user)}>Sign in as {user.userName}</Menu.Item>}
                    {user.isInvitationPending && <Menu.Item onClick={() => act.mutate({ kind: 'resend', user })}>Send the invitation again</Menu.Item>}
                    {user.isLockedOut && <Menu.Item onClick={() => act.mutate({ kind: 'unlock', user })}>Unlock</Menu.Item>}
                    {user.id !== session?.userId &&
                      (user.isActive ? (
                        <Menu.Item onClick={() => setPending({ kind: 'deactivate', user })}>Deactivate</Menu.Item>
                      ) : (
                        <Menu.Item onClick={() => act.mutate({ kind: 'activate', user })}>Activate</Menu.Item>
                      ))}
                    {user.id !== session?.userId && (
                      <Menu.Item color="red.9" onClick={() => setPending({ kind: 'delete', user })}>
                        Delete
                      </Menu.Item>
                    )}
                  </Menu.Dropdown>
                </Menu>
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}
      {list.data && list.data.items.length === 0 && (
        <Text c="dimmed">{filter ? 'No user matches this search. Try part of the name, or clear the search.' : 'No users yet: invite the first one with “New user”.'}</Text>
      )}
      {pages > 1 && <Pagination total={pages} value={page + 1} onChange={(p) => goTo(p - 1)} aria-label="Pages" />}

      <UserFormModal user={editing} opened={formOpen} onClose={() => setFormOpen(false)} />
      <ConfirmModal
        opened={pending?.kind === 'delete'}
        title={`Delete ${pending?.user.userName ?? ''}?`}
        confirmLabel="Delete user"
        pending={act.isPending}
        error={pending ? act.error : null}
        onConfirm={() => pending && act.mutate(pending)}
        onClose={() => {
          setPending(null);
          act.reset();
        }}
      >
        The user leaves every list, is signed out everywhere, loses its API keys and its links to other accounts, and cannot sign in again. Its user name and e-mail address become free.
      </ConfirmModal>
      <ConfirmModal
        opened={pending?.kind === 'deactivate'}
        title={`Deactivate ${pending?.user.userName ?? ''}?`}
        confirmLabel="Deactivate user"
        pending={act.isPending}
        error={pending ? act.error : null}
        onConfirm={() => pending && act.mutate(pending)}
        onClose={() => {
          setPending(null);
          act.reset();
        }}
      >
        The user is signed out everywhere at once, and its API keys and unused login links end for good. You can activate the user again later; it then signs in anew.
      </ConfirmModal>
    </Stack>
  );
}
