import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Table, Text, TextInput, Textarea, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import { fieldError } from '../api/errors';
import { ListTable } from '../layout/ListTable';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The signed-in user's API keys: create with an expiry and path scopes (the key is shown once), revoke. */
export function ApiKeysPage() {
  const queryClient = useQueryClient();
  const keys = useQuery({
    queryKey: ['api-keys'],
    queryFn: () => unwrap(api.GET('/api/services/Platform/ApiKey/GetAll', { params: { query: { skipCount: 0, maxResultCount: 100 } } })),
  });
  const [creating, create] = useDisclosure();
  const [name, setName] = useState('');
  const [expires, setExpires] = useState(inDays(90));
  const [paths, setPaths] = useState('');
  const [revoking, setRevoking] = useState<{ id: number; name: string } | null>(null);

  const generate = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/services/Platform/ApiKey/Generate', {
          body: { name, expirationDate: expires ? `${expires}T23:59:59Z` : '', paths: paths.trim() || null },
        }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['api-keys'] }),
  });
  const revoke = useMutation({
    mutationFn: (id: number) => unwrap(api.DELETE('/api/services/Platform/ApiKey/Delete', { params: { query: { id } } })),
    onSuccess: () => {
      setRevoking(null);
      void queryClient.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    generate.mutate();
  };
  const closeCreate = () => {
    create.close();
    generate.reset();
    setName('');
    setPaths('');
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          API keys
        </Title>
        <Button onClick={create.open}>New API key</Button>
      </Group>
      {keys.error && <Alert color="red">{keys.error.message}</Alert>}
      {keys.data && keys.data.items.length === 0 && <Text c="dimmed">No API keys yet. Create one for an integration with “New API key”.</Text>}
      {keys.data && keys.data.items.length > 0 && (
        <ListTable minWidth={560} striped columns={['Name', 'Key', 'Expires', 'Scope', <VisuallyHidden>Actions</VisuallyHidden>]}>
          {keys.data.items.map((key) => (
            <Table.Tr key={key.id}>
              <Table.Td>{key.name}</Table.Td>
              <Table.Td>
                <Code>{key.keyPrefix}…</Code>
              </Table.Td>
              <Table.Td>{key.expirationDate.slice(0, 10)}</Table.Td>
              <Table.Td style={{ wordBreak: 'break-word' }}>{key.paths ?? 'every method'}</Table.Td>
              <Table.Td>
                <Button size="xs" color="red" variant="light" onClick={() => setRevoking({ id: key.id, name: key.name })} aria-label={`Revoke ${key.name}`}>
                  Revoke
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}

      <Modal closeButtonProps={{ "aria-label": "Close" }} opened={creating} onClose={closeCreate} title={generate.data ? 'Your new API key' : 'New API key'} size="lg">
        {generate.data ? (
          <Stack>
            <Alert color="yellow">This is the only time the key is shown. Copy it now and keep it somewhere safe.</Alert>
            <Code block data-testid="new-api-key" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
              {generate.data.key}
            </Code>
            <Group>
              <CopyButton value={generate.data.key}>{({ copied, copy }) => <Button onClick={copy}>{copied ? 'Copied' : 'Copy key'}</Button>}</CopyButton>
              <Button variant="default" onClick={closeCreate}>
                Done
              </Button>
            </Group>
          </Stack>
        ) : (
          <form onSubmit={submit} noValidate>
            <Stack>
              {generate.error && (
                <Alert color="red" role="alert">
                  {generate.error.message}
                </Alert>
              )}
              <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(generate.error, 'name')} />
              <TextInput
                label="Expires on"
                type="date"
                required
                min={inDays(1)}
                max="2038-01-18"
                value={expires}
                onChange={(e) => setExpires(e.currentTarget.value)}
                error={fieldError(generate.error, 'expirationDate')}
              />
              <Textarea
                label="Allowed methods"
                description="Comma-separated, e.g. CRM/Lead/SubmitTenancyRequest, /networking/rest/tenant. Empty: every method you may call."
                value={paths}
                onChange={(e) => setPaths(e.currentTarget.value)}
                error={fieldError(generate.error, 'paths')}
                autosize
                minRows={2}
              />
              <Button type="submit" loading={generate.isPending}>
                Create key
              </Button>
            </Stack>
          </form>
        )}
      </Modal>

      <Modal closeButtonProps={{ "aria-label": "Close" }} opened={!!revoking} onClose={() => setRevoking(null)} title={`Revoke ${revoking?.name ?? ''}?`}>
        <Stack>
          <Text>Every integration that uses this key stops working at once, and the sessions opened through it end. This cannot be undone.</Text>
          {revoke.error && <Alert color="red">{revoke.error.message}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevoking(null)}>
              Keep it
            </Button>
            <Button color="red.9" loading={revoke.isPending} onClick={() => revoking && revoke.mutate(revoking.id)}>
              Revoke key
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
