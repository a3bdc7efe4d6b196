import { Alert, Button, Modal, PasswordInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { createTenant, type NewTenant } from '../api/rest-tenants';
import { timeZoneOptions } from '../lib/pickers';

const EMPTY: NewTenant = { company: '', name: '', email: '', first_name: '', last_name: '', password: '', phone: '', street: '', city: '', country: '', time_zone: 'UTC' };

const LABELS: Record<keyof NewTenant, string> = {
  company: 'Company',
  name: 'Tenant name',
  email: 'Admin e-mail',
  first_name: 'Admin first name',
  last_name: 'Admin last name',
  password: 'Admin password',
  phone: 'Phone',
  street: 'Street',
  city: 'City',
  country: 'Country',
  time_zone: 'Time zone',
};

/** "New tenant": the REST resource's create, with its admin user; opens the new tenant. */
export function CreateTenantButton() {
  const [opened, { open, close }] = useDisclosure();
  const [tenant, setTenant] = useState<NewTenant>(EMPTY);
  const zones = useMemo(() => timeZoneOptions().slice(1), []);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => createTenant(tenant),
    onSuccess: (id) => {
      void queryClient.invalidateQueries({ queryKey: ['tenants'] });
      close();
      setTenant(EMPTY);
      navigate(`/tenants/${id}`);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };
  // The REST dialect names the field at the start of its message ("email: …").
  const problemOf = (field: keyof NewTenant) => (mutation.error?.message.includes(`${field}:`) ? mutation.error.message : undefined);

  return (
    <>
      <Button onClick={open}>New tenant</Button>
      <Modal closeButtonProps={{ "aria-label": "Close" }} opened={opened} onClose={close} title="New tenant" size="lg">
        <form onSubmit={submit} noValidate>
          <Stack>
            {mutation.error && (
              <Alert color="red" role="alert">
                {mutation.error.message}
              </Alert>
            )}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {(Object.keys(LABELS) as (keyof NewTenant)[]).map((field) => {
                if (field === 'time_zone') {
                  return <Select key={field} label={LABELS[field]} required searchable data={zones} value={tenant.time_zone} onChange={(v) => setTenant({ ...tenant, time_zone: v ?? 'UTC' })} />;
                }
                const Input = field === 'password' ? PasswordInput : TextInput;
                return (
                  <Input
                    key={field}
                    label={LABELS[field]}
                    required
                    value={tenant[field]}
                    onChange={(e) => setTenant({ ...tenant, [field]: e.currentTarget.value })}
                    error={problemOf(field) ? ' ' : undefined}
                  />
                );
              })}
            </SimpleGrid>
            <Button type="submit" loading={mutation.isPending}>
              Create tenant
            </Button>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
