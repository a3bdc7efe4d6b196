import { Alert, Badge, Button, Checkbox, Group, Modal, Stack, Switch, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fieldError } from '../api/errors';
import { roles, type Role } from '../api/users';
import { ConfirmModal } from '../layout/ConfirmModal';
import { ListTable } from '../layout/ListTable';

interface Form {
  name: string;
  displayName: string;
  isDefault: boolean;
  grantedPermissionNames: string[];
}

/** The roles of the signed-in admin's tenant and what each grants; create, change, delete (not the static ones). */
export function RolesPage() {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['roles'], queryFn: roles.list });
  const permissions = useQuery({ queryKey: ['permissions'], queryFn: roles.permissions });
  const [editing, setEditing] = useState<Role | 'new' | null>(null);
  const [form, setForm] = useState<Form>({ name: '', displayName: '', isDefault: false, grantedPermissionNames: [] });
  const [deleting, setDeleting] = useState<Role | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const names = new Map((permissions.data?.items ?? []).map((p) => [p.name, p.displayName]));

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['roles'] });
    void queryClient.invalidateQueries({ queryKey: ['users'] });
  };
  const save = useMutation({
    mutationFn: () => {
      const body = { name: form.name.trim(), displayName: form.displayName.trim(), isDefault: form.isDefault, grantedPermissionNames: form.grantedPermissionNames };
      return editing === 'new' || editing === null ? roles.create(body) : roles.update({ id: editing.id, ...body });
    },
    onSuccess: (role) => {
      setNotice(`The role ${role.displayName} was saved.`);
      setEditing(null);
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (role: Role) => roles.remove(role.id),
    onSuccess: (_answer, role) => {
      setNotice(`The role ${role.displayName} was deleted.`);
      setDeleting(null);
      refresh();
    },
  });

  const open = (role: Role | 'new') => {
    save.reset();
    setNotice(null);
    setForm(role === 'new' ? { name: '', displayName: '', isDefault: false, grantedPermissionNames: [] } : { name: role.name, displayName: role.displayName, isDefault: role.isDefault, grantedPermissionNames: role.grantedPermissionNames });
    setEditing(role);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const error = save.error;
  const current = editing !== 'new' ? editing : null;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Roles
        </Title>
        <Button onClick={() => open('new')}>New role</Button>
      </Group>
      <Text size="sm" c="dimmed">
        A role grants permissions to every user who holds it; give roles to users on the Users page. Admin and User are the static roles of every tenant.
      </Text>
      {notice && (
        <Alert color="green" role="status" withCloseButton closeButtonLabel="Dismiss" onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      )}
      {list.error && <Alert color="red">{list.error.message}</Alert>}
      {list.data && (
        <ListTable minWidth={560} striped columns={['Role', 'Grants', 'Users', <VisuallyHidden>Actions</VisuallyHidden>]}>
          {list.data.items.map((role) => (
            <Table.Tr key={role.id}>
              <Table.Td miw={150}>
                <Group gap={6}>
                  <Text size="sm" fw={500}>
                    {role.displayName}
                  </Text>
                  {role.isStatic && <Badge color="gray.7">static</Badge>}
                  {role.isDefault && <Badge color="indigo.8">default</Badge>}
                </Group>
                {role.displayName !== role.name && (
                  <Text size="xs" c="dimmed">
                    {role.name}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{role.grantedPermissionNames.map((p) => names.get(p) ?? p).join(', ') || 'No permissions'}</Text>
              </Table.Td>
              <Table.Td>{role.userCount}</Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Button size="xs" variant="default" onClick={() => open(role)} aria-label={`Edit ${role.displayName}`}>
                    Edit
                  </Button>
                  {!role.isStatic && (
                    <Button size="xs" color="red" variant="light" onClick={() => setDeleting(role)} aria-label={`Delete ${role.displayName}`}>
                      Delete
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}

      <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={editing !== null} onClose={() => setEditing(null)} title={current ? `Edit ${current.displayName}` : 'New role'} size="lg">
        <form onSubmit={submit} noValidate>
          <Stack>
            {error && (
              <Alert color="red" role="alert" title="The role was not saved">
                {error.message}
              </Alert>
            )}
            <TextInput
              label="Name"
              description="What integrations assign it by; letters, digits, spaces and . _ -"
              required
              disabled={current?.isStatic}
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
              error={fieldError(error, 'name')}
            />
            <TextInput label="Display name" description="Shown to people; empty: the name" value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.currentTarget.value })} error={fieldError(error, 'displayName')} />
            <Switch label="Give this role to new users" checked={form.isDefault} onChange={(e) => setForm({ ...form, isDefault: e.currentTarget.checked })} />
            <Checkbox.Group
              label="Permissions"
              description={current?.isStatic && current.name === 'Admin' ? 'The Admin role always grants every permission.' : 'Every holder gets these at once.'}
              value={form.grantedPermissionNames}
              onChange={(v) => setForm({ ...form, grantedPermissionNames: v })}
              error={fieldError(error, 'grantedPermissionNames')}
            >
              <Stack gap={6} mt={6}>
                {(permissions.data?.items ?? []).map((p) => (
                  <Checkbox key={p.name} value={p.name} label={p.displayName} description={p.name} disabled={current?.isStatic && current.name === 'Admin'} />
                ))}
              </Stack>
            </Checkbox.Group>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setEditing(null)}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending}>
                {current ? 'Save role' : 'Create role'}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>

      <ConfirmModal
        opened={deleting !== null}
        title={`Delete the role ${deleting?.displayName ?? ''}?`}
        confirmLabel="Delete role"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
      >
        {deleting && deleting.userCount > 0
          ? `${deleting.userCount} user${deleting.userCount === 1 ? '' : 's'} hold${deleting.userCount === 1 ? 's' : ''} this role and lose${deleting.userCount === 1 ? 's' : ''} what it grants at once (${deleting.grantedPermissionNames.map((p) => names.get(p) ?? p).join(', ') || 'no permissions'}). This cannot be undone.`
          : 'Nobody holds this role. It is deleted for good.'}
      </ConfirmModal>
    </Stack>
  );
}
