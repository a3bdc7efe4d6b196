import { Alert, Button, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import { fieldError } from '../api/errors';
import { countryOptions, currencyOptions, timeZoneOptions } from '../lib/pickers';
import { SignInSettings } from './SignInSettings';

interface Form {
  defaultCountryCode: string;
  timezone: string;
  currency: string;
  publicPhone: string;
  publicSiteUrl: string;
  zendeskAccountUrl: string;
}

/** General settings of the signed-in user's tenant (or the host's defaults), with pickers for country, zone and currency. */
export function SettingsPage() {
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: ['general-settings'],
    queryFn: () => unwrap(api.GET('/api/services/Platform/TenantSettings/GetGeneralSettings', {})),
  });
  const [form, setForm] = useState<Form | null>(null);
  useEffect(() => {
    if (settings.data && !form) {
      const s = settings.data;
      setForm({
        defaultCountryCode: s.defaultCountryCode ?? '',
        timezone: s.timezone,
        currency: s.currency ?? '',
        publicPhone: s.publicPhone ?? '',
        publicSiteUrl: s.publicSiteUrl ?? '',
        zendeskAccountUrl: s.zendeskAccountUrl,
      });
    }
  }, [settings.data, form]);
  const countries = useMemo(countryOptions, []);
  const zones = useMemo(timeZoneOptions, []);
  const currencies = useMemo(currencyOptions, []);

  const save = useMutation({
    mutationFn: (f: Form) =>
      unwrap(
        api.PUT('/api/services/Platform/TenantSettings/UpdateGeneralSettings', {
          body: {
            defaultCountryCode: f.defaultCountryCode || null,
            timezone: f.timezone,
            currency: f.currency || null,
            publicPhone: f.publicPhone || null,
            publicSiteUrl: f.publicSiteUrl || null,
            zendeskAccountUrl: f.zendeskAccountUrl,
          },
        }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['general-settings'] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form) save.mutate(form);
  };
  const set = (field: keyof Form) => (value: string | null) => {
    save.reset();
    setForm((f) => (f ? { ...f, [field]: value ?? '' } : f));
  };
  const error = save.error;

  return (
    <Stack maw={720}>
      <Title order={1} size="h2">
        General settings
      </Title>
      {settings.error && <Alert color="red">{settings.error.message}</Alert>}
      {!form && !settings.error && <Text>Loading…</Text>}
      {form && (
        <form onSubmit={submit} noValidate>
          <Stack>
            {error && (
              <Alert color="red" title="The settings were not saved" role="alert">
                {error.message}
              </Alert>
            )}
            {save.isSuccess && (
              <Alert color="green" role="status">
                Settings saved.
              </Alert>
            )}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select label="Default country" searchable clearable data={countries} value={form.defaultCountryCode || null} onChange={set('defaultCountryCode')} error={fieldError(error, 'defaultCountryCode')} />
              <Select label="Time zone" searchable data={zones} value={form.timezone} onChange={set('timezone')} error={fieldError(error, 'timezone')} />
              <Select label="Currency" searchable clearable data={currencies} value={form.currency || null} onChange={set('currency')} error={fieldError(error, 'currency')} />
              <TextInput label="Public phone" description="International format, e.g. +14155552671" value={form.publicPhone} onChange={(e) => set('publicPhone')(e.currentTarget.value)} error={fieldError(error, 'publicPhone')} />
              <TextInput label="Public site URL" value={form.publicSiteUrl} onChange={(e) => set('publicSiteUrl')(e.currentTarget.value)} error={fieldError(error, 'publicSiteUrl')} />
              <TextInput label="Zendesk account URL" value={form.zendeskAccountUrl} onChange={(e) => set('zendeskAccountUrl')(e.currentTarget.value)} error={fieldError(error, 'zendeskAccountUrl')} />
            </SimpleGrid>
            <Button type="submit" loading={save.isPending} style={{ alignSelf: 'flex-start' }}>
              Save settings
            </Button>
          </Stack>
        </form>
      )}
      <SignInSettings />
    </Stack>
  );
}
