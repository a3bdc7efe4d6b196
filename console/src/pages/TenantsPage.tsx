import { Alert, Anchor, Badge, Button, Code, Group, Pagination, Stack, Table, Text, TextInput, Title, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { searchTenants, text } from '../api/rest-tenants';
import { filterErrorPosition, splitAtPosition } from '../lib/filter-position';
import { CreateTenantButton } from './CreateTenantButton';

const PAGE_SIZE = 20;

const COLUMNS = [
  { field: 'id', label: 'Id' },
  { field: 'name', label: 'Name' },
  { field: 'company', label: 'Company' },
  { field: 'city', label: 'City' },
  { field: 'active', label: 'State' },
  { field: 'date_modified', label: 'Modified' },
];

const QUICK_FILTERS = [
  { label: 'All', filter: '' },
  { label: 'Active', filter: 'active = 1' },
  { label: 'Suspended', filter: 'active = 0' },
  { label: 'Changed this week', filter: `date_modified >= '${new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10)}'` },
];

/** The host's tenant list: the REST filter language, sorting, paging and the total, all kept in the address. */
export function TenantsPage() {
  const [params, setParams] = useSearchParams();
  const filter = params.get('filter') ?? '';
  const page = Math.max(0, Number(params.get('page') ?? 0) || 0);
  const sortBy = params.get('sortBy') ?? 'id';
  const sortOrder = params.get('sortOrder') === 'asc' ? 'asc' : 'desc';
  const [draft, setDraft] = useState(filter);

  const query = useQuery({
    queryKey: ['tenants', filter, page, sortBy, sortOrder],
    queryFn: () => searchTenants({ filter, page, pageSize: PAGE_SIZE, sortBy, sortOrder }),
    placeholderData: keepPreviousData,
  });

  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };
  const apply = (value: string) => {
    setDraft(value);
    update({ filter: value, page: '' });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(draft);
  };
  const sort = (field: string) => update({ sortBy: field, sortOrder: sortBy === field && sortOrder === 'asc' ? 'desc' : 'asc', page: '' });

  const error = query.error;
  const position = error ? filterErrorPosition(error.message) : undefined;
  const total = query.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Tenants
        </Title>
        <CreateTenantButton />
      </Group>
      {params.get('purged') && (
        <Alert color="green" role="status">
          {params.get('purged')} and all its data were purged.
        </Alert>
      )}
      <form onSubmit={submit} role="search">
        <Group align="flex-end" wrap="wrap">
          <TextInput
            style={{ flex: '1 1 18rem' }}
            label="Filter"
            description="The REST filter language, e.g. name contains 'acme' AND active = 1"
            value={draft}
            onChange={(e) => setDraft(e.currentTarget.value)}
            error={error && position !== undefined ? 'The filter is not valid (see below).' : undefined}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            aria-describedby={error ? 'filter-problem' : undefined}
          />
          <Button type="submit">Search</Button>
        </Group>
      </form>
      <Group gap="xs" aria-label="Quick filters" role="group">
        {QUICK_FILTERS.map((q) => (
          <Button key={q.label} size="xs" variant={filter === q.filter ? 'filled' : 'light'} onClick={() => apply(q.filter)} aria-pressed={filter === q.filter}>
            {q.label}
          </Button>
        ))}
      </Group>
      {error && (
        <Alert color="red" title="The search failed" id="filter-problem" role="alert">
          <Text size="sm">{error.message}</Text>
          {position !== undefined && <FilterMarker filter={filter} position={position} />}
        </Alert>
      )}
      <Text size="sm" aria-live="polite" data-testid="tenant-total">
        {query.isPending ? 'Loading…' : `${total} tenant${total === 1 ? '' : 's'}`}
      </Text>
      <Table.ScrollContainer minWidth={640}>
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              {COLUMNS.map((c) => (
                <Table.Th key={c.field} aria-sort={sortBy === c.field ? (sortOrder === 'asc' ? 'ascending' : 'descending') : 'none'}>
                  <UnstyledButton onClick={() => sort(c.field)} fw={600} fz="sm">
                    {c.label}
                    {sortBy === c.field && <span aria-hidden="true">{sortOrder === 'asc' ? ' ▲' : ' ▼'}</span>}
                    <VisuallyHidden>, sort</VisuallyHidden>
                  </UnstyledButton>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.data?.tenants.map((t) => (
              <Table.Tr key={text(t.id)}>
                <Table.Td>{text(t.id)}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/tenants/${text(t.id)}`}>
                    {text(t.name) || '(no name)'}
                  </Anchor>
                </Table.Td>
                <Table.Td>{text(t.company)}</Table.Td>
                <Table.Td>{text(t.city)}</Table.Td>
                <Table.Td>
                  <Badge color={text(t.active) === '1' ? '#1f6f35' : 'gray.7'} variant="filled">
                    {text(t.active) === '1' ? 'active' : 'suspended'}
                  </Badge>
                </Table.Td>
                <Table.Td>{text(t.date_modified).slice(0, 10)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {query.data && query.data.tenants.length === 0 && (
        <Text c="dimmed">{filter ? 'No tenant matches this filter. Change it or choose “All”.' : 'No tenants yet: create the first one with “New tenant”.'}</Text>
      )}
      {pages > 1 && <Pagination total={pages} value={page + 1} onChange={(p) => update({ page: p === 1 ? '' : String(p - 1) })} aria-label="Pages" />}
    </Stack>
  );
}

/** The filter with the character where it broke marked, as the server reported the position. */
function FilterMarker({ filter, position }: { filter: string; position: number }) {
  const { before, at, after } = splitAtPosition(filter, position);
  return (
    <Code block mt="xs" aria-label={`The problem is at character ${position}`}>
      {before}
      <mark style={{ background: 'var(--mantine-color-red-3)', color: 'inherit' }}>{at}</mark>
      {after}
      {'\n'}
      {' '.repeat(before.length)}^ position {position}
    </Code>
  );
}
