import { List, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { Section } from '../../components/Section';

/** The packages (apps) the tenant has installed. */
export function TenantPackages({ tenantId }: { tenantId: number }) {
  const packages = useQuery({
    queryKey: ['tenant', tenantId, 'packages'],
    queryFn: () => unwrap(api.GET('/api/services/Platform/Package/GetTenantPackages', { params: { query: { tenantId } } })),
  });
  const items = packages.data?.items ?? [];
  return (
    <Section
      id="tenant-packages"
      title="Packages"
      error={packages.error}
      loading={packages.isPending}
      empty={packages.data && items.length === 0 && 'No packages installed. Packages are installed when a tenant is created with an appList (REST) or isCaseDynamics.'}
    >
      {items.length > 0 && (
        <List data-testid="tenant-packages">
          {items.map((p) => (
            <List.Item key={p.id}>
              <Text span fw={600}>
                {p.name}
              </Text>
              {p.description && <Text span c="dimmed">{` — ${p.description}`}</Text>}
            </List.Item>
          ))}
        </List>
      )}
    </Section>
  );
}
