import { Alert, Button, Checkbox, Group, Modal, PasswordInput, SegmentedControl, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fieldError } from '../../api/errors';
import { roles as roleApi, users, type User } from '../../api/users';

interface Form {
  userName: string;
  name: string;
  surname: string;
  emailAddress: string;
  phoneNumber: string;
  /** null: the tenant's default roles (untouched on a new user). */
  roleNames: string[] | null;
  isActive: boolean;
  password: string;
  shouldChangePasswordOnNextLogin: boolean;
}

const blank: Form = { userName: '', name: '', surname: '', emailAddress: '', phoneNumber: '', roleNames: null, isActive: true, password: '', shouldChangePasswordOnNextLogin: false };

/**
 * Creating a user (by invitation: the user chooses a password from the mailed link; or with a password set here),
 * or editing one (`user`): names, address, phone, roles, active.
 */
export function UserFormModal({ user, opened, onClose }: { user: User | null; opened: boolean; onClose: () => void }) {
  const editing = user !== null;
  const queryClient = useQueryClient();
  const roleList = useQuery({ queryKey: ['roles'], queryFn: roleApi.list, enabled: opened });
  const [form, setForm] = useState<Form>(blank);
  const [how, setHow] = useState<'invite' | 'password'>('invite');
  const [loadedFor, setLoadedFor] = useState<number | 'new' | null>(null);

  // The form is filled each time the dialog opens for a user (or empty for a new one).
  const key = user?.id ?? 'new';
  if (opened && loadedFor !== key) {
    setLoadedFor(key);
    setHow('invite');
    setForm(
      user
        ? { ...blank, userName: user.userName, name: user.name, surname: user.surname, emailAddress: user.emailAddress, phoneNumber: user.phoneNumber ?? '', roleNames: user.roleNames, isActive: user.isActive }
        : blank,
    );
  }
  if (!opened && loadedFor !== null) setLoadedFor(null);

  const save = useMutation({
    mutationFn: () => {
      const fields = { userName: form.userName.trim(), name: form.name, surname: form.surname, emailAddress: form.emailAddress.trim(), phoneNumber: form.phoneNumber.trim() || null, ...(form.roleNames ? { roleNames: form.roleNames } : {}) };
      if (user) return users.update({ id: user.id, ...fields, isActive: form.isActive });
      return how === 'invite'
        ? users.create({ ...fields, sendActivationEmail: true })
        : users.create({ ...fields, password: form.password, shouldChangePasswordOnNextLogin: form.shouldChangePasswordOnNextLogin });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      void queryClient.invalidateQueries({ queryKey: ['roles'] });
      close();
    },
  });
  const close = () => {
    save.reset();
    onClose();
  };
  const set = <K extends keyof Form>(field: K, value: Form[K]) => setForm((f) => ({ ...f, [field]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const error = save.error;
  const text = (field: 'userName' | 'name' | 'surname' | 'emailAddress' | 'phoneNumber') => ({
    value: form[field],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(field, e.currentTarget.value),
    error: fieldError(error, field),
  });
  const defaultRoles = (roleList.data?.items ?? []).filter((r) => r.isDefault).map((r) => r.name);

  return (
    <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={opened} onClose={close} title={editing ? `Edit ${user.userName}` : 'New user'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert" title={editing ? 'The user was not saved' : 'The user was not created'}>
              {error.message}
            </Alert>
          )}
          {!editing && (
            <Stack gap={4}>
              <Text size="sm" fw={500} id="how-label">
                How the user gets in
              </Text>
              <SegmentedControl
                aria-labelledby="how-label"
                value={how}
                onChange={(v) => setHow(v as 'invite' | 'password')}
                data={[
                  { value: 'invite', label: 'Invite by e-mail' },
                  { value: 'password', label: 'Set a password' },
                ]}
              />
              <Text size="xs" c="dimmed">
                {how === 'invite'
                  ? 'The user gets an e-mail with a link to choose a password, and cannot sign in before that.'
                  : 'You tell the user the password; tick below to make them choose their own at the first sign-in.'}
              </Text>
            </Stack>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="User name" required autoComplete="off" {...text('userName')} />
            <TextInput label="E-mail address" required type="email" autoComplete="off" {...text('emailAddress')} />
            <TextInput label="First name" required {...text('name')} />
            <TextInput label="Last name" required {...text('surname')} />
            <TextInput label="Phone" description="International format, e.g. +14155552671" {...text('phoneNumber')} />
          </SimpleGrid>
          {!editing && how === 'password' && (
            <>
              <PasswordInput label="Password" required autoComplete="new-password" value={form.password} onChange={(e) => set('password', e.currentTarget.value)} error={fieldError(error, 'password')} />
              <Checkbox
                label="Ask for a new password at the first sign-in"
                checked={form.shouldChangePasswordOnNextLogin}
                onChange={(e) => set('shouldChangePasswordOnNextLogin', e.currentTarget.checked)}
              />
            </>
          )}
          <Checkbox.Group label="Roles" value={form.roleNames ?? defaultRoles} onChange={(v) => set('roleNames', v)} error={fieldError(error, 'roleNames')}>
            <Group mt={6}>
              {(roleList.data?.items ?? []).map((role) => (
                <Checkbox key={role.id} value={role.name} label={role.displayName} />
              ))}
            </Group>
          </Checkbox.Group>
          {editing && (
            <Switch
              label="Active"
              description="An inactive user cannot sign in; deactivating ends the user's sessions and API keys at once."
              checked={form.isActive}
              onChange={(e) => set('isActive', e.currentTarget.checked)}
              error={fieldError(error, 'isActive')}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {editing ? 'Save user' : how === 'invite' ? 'Send invitation' : 'Create user'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
