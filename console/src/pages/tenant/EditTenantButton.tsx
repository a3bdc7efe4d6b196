import { Alert, Button, Modal, NumberInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { fieldError, formProblem } from '../../api/errors';
import type { operations } from '../../api/schema';

type TenantEdit = Omit<operations['Platform.Tenant.GetTenantForEdit']['responses'][200]['content']['application/json'], 'id'>;
type TextField = Exclude<keyof TenantEdit, CountField>;
type CountField = 'numberOfUsers' | 'documentSpace' | 'dataSpace';

const TEXT_FIELDS: { field: TextField; label: string; description?: string; required?: boolean }[] = [
  { field: 'name', label: 'Name' },
  { field: 'companyName', label: 'Company', required: true },
  { field: 'street', label: 'Street' },
  { field: 'city', label: 'City' },
  { field: 'state', label: 'State or region' },
  { field: 'zip', label: 'Postal code' },
  { field: 'country', label: 'Country', description: 'A country name or ISO code, e.g. France or FR' },
  { field: 'subDomain', label: 'Service-portal sub-domain', description: 'Letters, digits and "-" (when sub-domains are on)' },
  { field: 'classification', label: 'Classification' },
];
const COUNT_FIELDS: { field: CountField; label: string }[] = [
  { field: 'numberOfUsers', label: 'Number of users' },
  { field: 'documentSpace', label: 'Document space' },
  { field: 'dataSpace', label: 'Data space' },
];

/** Only what the form changed is sent: a field left alone is never re-checked (a sub-domain while sub-domains are off). */
function changed(before: TenantEdit | undefined, after: TenantEdit): Partial<TenantEdit> {
  const fields = Object.keys(after) as (keyof TenantEdit)[];
  return Object.fromEntries(fields.filter((f) => f !== ('id' as never) && (before?.[f] ?? '') !== (after[f] ?? '')).map((f) => [f, after[f] === '' ? null : after[f]]));
}

/** "Edit…": the tenant's own fields (`GetTenantForEdit`, `UpdateTenant`), each problem shown next to its field. */
export function EditTenantButton({ tenantId, name }: { tenantId: number; name: string }) {
  const [opened, { open, close }] = useDisclosure();
  const [form, setForm] = useState<TenantEdit | null>(null);
  const queryClient = useQueryClient();
  const current = useQuery({
    queryKey: ['tenant', tenantId, 'edit'],
    queryFn: () => unwrap(api.GET('/api/services/Platform/Tenant/GetTenantForEdit', { params: { query: { id: tenantId } } })),
    enabled: opened,
  });
  const shown = form ?? current.data ?? null;
  const save = useMutation({
    mutationFn: (edit: TenantEdit) => unwrap(api.PUT('/api/services/Platform/Tenant/UpdateTenant', { body: { id: tenantId, ...changed(current.data, edit) } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['tenant', tenantId] });
      void queryClient.invalidateQueries({ queryKey: ['tenants'] });
      dismiss();
    },
  });
  const dismiss = () => {
    close();
    setForm(null);
    save.reset();
  };
  const set = (field: keyof TenantEdit, value: string | number | null) => setForm({ ...(shown as TenantEdit), [field]: value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (shown) save.mutate(shown);
  };
  const error = save.error;

  return (
    <>
      <Button variant="default" onClick={open}>
        Edit…
      </Button>
      <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={opened} onClose={dismiss} title={`Edit ${name}`} size="lg">
        {current.error && (
          <Alert color="red" role="alert">
            {current.error.message}
          </Alert>
        )}
        {!shown && !current.error && <Text>Loading…</Text>}
        {shown && (
          <form onSubmit={submit} noValidate>
            <Stack>
              {error && (
                <Alert color="red" role="alert" title="The tenant was not changed">
                  {formProblem(error)}
                </Alert>
              )}
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                {TEXT_FIELDS.map(({ field, label, description, required }) => (
                  <TextInput
                    key={field}
                    label={label}
                    description={description}
                    required={required}
                    value={shown[field] ?? ''}
                    onChange={(e) => set(field, e.currentTarget.value)}
                    error={fieldError(error, field)}
                  />
                ))}
                {COUNT_FIELDS.map(({ field, label }) => (
                  <NumberInput
                    key={field}
                    label={label}
                    min={0}
                    allowNegative={false}
                    allowDecimal={false}
                    value={shown[field] ?? ''}
                    onChange={(value) => set(field, typeof value === 'number' ? value : null)}
                    error={fieldError(error, field)}
                  />
                ))}
              </SimpleGrid>
              <Button type="submit" loading={save.isPending} style={{ alignSelf: 'flex-start' }}>
                Save changes
              </Button>
            </Stack>
          </form>
        )}
      </Modal>
    </>
  );
}
