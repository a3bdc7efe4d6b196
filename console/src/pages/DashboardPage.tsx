import { Alert, Group, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../api/client';
import { ConversionChart } from './dashboard/ConversionChart';
import { RevenueChart } from './dashboard/RevenueChart';
import { SignUpsChart } from './dashboard/SignUpsChart';
import { TenantStateChart } from './dashboard/TenantStateChart';

const WINDOWS = ['7', '30', '90'];
const DAY_MS = 86_400_000;

/** The host's dashboard: four pictures from `Platform/HostDashboard/GetDashboardStatisticsData`. */
export function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const days = WINDOWS.includes(params.get('days') ?? '') ? params.get('days')! : '30';
  const statistics = useQuery({
    queryKey: ['host-dashboard', days],
    queryFn: () => {
      const startDate = new Date(Date.now() - (Number(days) - 1) * DAY_MS).toISOString().slice(0, 10);
      return unwrap(api.GET('/api/services/Platform/HostDashboard/GetDashboardStatisticsData', { params: { query: { startDate } } }));
    },
    placeholderData: keepPreviousData,
  });
  const data = statistics.data;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">
          Dashboard
        </Title>
        <SegmentedControl
          aria-label="Days shown"
          value={days}
          onChange={(value) => setParams(value === '30' ? {} : { days: value })}
          data={WINDOWS.map((value) => ({ value, label: `${value} days` }))}
        />
      </Group>
      {statistics.error && (
        <Alert color="red" role="alert" title="The figures could not be loaded">
          {statistics.error.message}
        </Alert>
      )}
      {statistics.isPending && <Text>Loading the figures…</Text>}
      {data && (
        <SimpleGrid cols={{ base: 1, md: 2 }} data-testid="dashboard">
          <SignUpsChart days={data.signUpsPerDay} />
          <TenantStateChart states={data.tenantsByState} />
          <ConversionChart conversion={data.leadConversion} />
          <RevenueChart revenue={data.monthlyRecurringRevenue} />
        </SimpleGrid>
      )}
    </Stack>
  );
}
