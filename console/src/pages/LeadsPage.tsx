import { Alert, Anchor, Badge, Button, Group, Pagination, SegmentedControl, Select, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../api/client';
import { day } from '../lib/money';
import { EditLeadButton } from './leads/EditLeadButton';
import { ListTable } from '../layout/ListTable';

const PAGE_SIZE = 20;
/** The picker's value for "leads without a stage (or tag)"; the API asks for those with "". */
const NONE = '\u0000none';
const CONVERSION = [
  { value: 'all', label: 'All' },
  { value: 'open', label: 'Not converted' },
  { value: 'converted', label: 'Became a tenant' },
];

/** The host's lead pipeline: sign-up requests by stage, tag and conversion, kept in the address; each can be moved. */
export function LeadsPage() {
  const [params, setParams] = useSearchParams();
  const stage = params.get('stage');
  const tag = params.get('tag');
  const conversion = params.get('conversion') ?? 'all';
  const filter = params.get('filter') ?? '';
  const page = Math.max(0, Number(params.get('page') ?? 0) || 0);
  const [draft, setDraft] = useState(filter);

  const leads = useQuery({
    queryKey: ['leads', stage, tag, conversion, filter, page],
    queryFn: () =>
      unwrap(
        api.GET('/api/services/CRM/Lead/GetLeads', {
          params: {
            query: {
              ...(stage !== null ? { stage: stage === NONE ? '' : stage } : {}),
              ...(tag !== null ? { tag: tag === NONE ? '' : tag } : {}),
              ...(conversion !== 'all' ? { isConverted: conversion === 'converted' } : {}),
              ...(filter ? { filter } : {}),
              skipCount: page * PAGE_SIZE,
              maxResultCount: PAGE_SIZE,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    next.delete('page');
    if (changes.page) next.set('page', changes.page);
    setParams(next);
  };
  const search = (event: FormEvent) => {
    event.preventDefault();
    update({ filter: draft.trim() });
  };
  const narrowed = stage !== null || tag !== null || conversion !== 'all' || filter !== '';
  const choices = (values: string[] | undefined, noneLabel: string) => [{ value: NONE, label: noneLabel }, ...(values ?? []).map((v) => ({ value: v, label: v }))];
  const items = leads.data?.items ?? [];
  const total = leads.data?.totalCount ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <Stack>
      <Title order={1} size="h2">
        Leads
      </Title>
      <Group align="flex-end" wrap="wrap">
        <Select label="Stage" placeholder="Any stage" clearable data={choices(leads.data?.stages, 'No stage')} value={stage} onChange={(v) => update({ stage: v })} w={180} />
        <Select label="Tag" placeholder="Any tag" clearable data={choices(leads.data?.tags, 'No tag')} value={tag} onChange={(v) => update({ tag: v })} w={180} />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="conversion-label">
            Converted
          </Text>
          <SegmentedControl aria-labelledby="conversion-label" data={CONVERSION} value={conversion} onChange={(v) => update({ conversion: v === 'all' ? null : v })} />
        </Stack>
      </Group>
      <form onSubmit={search} role="search">
        <Group align="flex-end" wrap="wrap">
          <TextInput label="Company, name or e-mail" value={draft} onChange={(e) => setDraft(e.currentTarget.value)} w={280} />
          <Button type="submit" variant="default">
            Search
          </Button>
          {narrowed && (
            <Button
              variant="subtle"
              onClick={() => {
                setDraft('');
                setParams(new URLSearchParams());
              }}
            >
              Clear filters
            </Button>
          )}
        </Group>
      </form>
      {leads.error && (
        <Alert color="red" role="alert">
          {leads.error.message}
        </Alert>
      )}
      {leads.isPending && <Text>Loading…</Text>}
      {leads.data && (
        <Text size="sm" c="dimmed" role="status">
          {narrowed ? (total === 1 ? '1 lead matches these filters.' : `${total} leads match these filters.`) : total === 1 ? '1 lead.' : `${total} leads.`}
        </Text>
      )}
      {leads.data && items.length === 0 && (
        <Text c="dimmed">
          {narrowed
            ? 'No lead matches these filters: clear them to see every lead.'
            : 'No leads yet. A lead arrives when someone fills in the sign-up form at /signup or a form calls CRM/Lead/SubmitTenancyRequest.'}
        </Text>
      )}
      {items.length > 0 && (
        <ListTable minWidth={760} withTableBorder striped data-testid="leads" columns={['Company', 'Contact', 'Stage', 'Tag', 'Converted', 'Submitted', <VisuallyHidden>Actions</VisuallyHidden>]}>
          {items.map((lead) => (
            <Table.Tr key={lead.id}>
              <Table.Td>
                {lead.companyName}
                <Text size="xs" c="dimmed">
                  {lead.city}, {lead.state}
                </Text>
              </Table.Td>
              <Table.Td>
                {lead.firstName} {lead.lastName}
                <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                  {lead.email}
                </Text>
              </Table.Td>
              <Table.Td>{lead.stage ?? <Text span size="sm" c="dimmed">none</Text>}</Table.Td>
              <Table.Td>{lead.tag ? <Badge variant="default">{lead.tag}</Badge> : <Text span size="sm" c="dimmed">none</Text>}</Table.Td>
              <Table.Td>
                {lead.isConverted && lead.convertedTenantId !== null ? (
                  <Anchor component={Link} to={`/tenants/${lead.convertedTenantId}`}>
                    Tenant {lead.convertedTenantId}
                  </Anchor>
                ) : lead.isConverted ? (
                  'converted'
                ) : (
                  <Text span size="sm" c="dimmed">not yet</Text>
                )}
              </Table.Td>
              <Table.Td>{day(lead.creationTime)}</Table.Td>
              <Table.Td>
                <EditLeadButton lead={lead} stages={leads.data?.stages ?? []} tags={leads.data?.tags ?? []} />
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}
      {pages > 1 && <Pagination total={pages} value={page + 1} onChange={(p) => update({ page: p === 1 ? null : String(p - 1) })} aria-label="Pages" />}
    </Stack>
  );
}
