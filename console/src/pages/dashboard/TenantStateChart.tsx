import { ColorSwatch, Group, Text } from '@mantine/core';
import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip } from 'recharts';
import { SERIES, TOOLTIP } from './chart-theme';
import { ChartCard } from './ChartCard';

export interface TenantStates {
  active: number;
  suspended: number;
  deleted: number;
}

/** Every tenant now, a ring split by state. */
export function TenantStateChart({ states }: { states: TenantStates }) {
  const slices = [
    { name: 'Active', value: states.active, fill: SERIES.active },
    { name: 'Suspended', value: states.suspended, fill: SERIES.suspended },
    { name: 'Deleted (restorable)', value: states.deleted, fill: SERIES.deleted },
  ];
  const shown = slices.filter((s) => s.value > 0);
  const total = states.active + states.suspended + states.deleted;
  const summary =
    total === 0
      ? 'No tenants yet. Create one under Tenants, or let customers sign up at /signup.'
      : `${total} tenant${total === 1 ? '' : 's'}: ${states.active} active, ${states.suspended} suspended, ${states.deleted} deleted and still restorable.`;
  return (
    <ChartCard title="Tenants by state" summary={summary}>
      <ResponsiveContainer width="100%" height={240}>
        <PieChart>
          <Pie data={shown} dataKey="value" nameKey="name" innerRadius="55%" outerRadius="85%" paddingAngle={shown.length > 1 ? 2 : 0} isAnimationActive={false}>
            {shown.map((s) => (
              <Cell key={s.name} fill={s.fill} stroke={shown.length > 1 ? 'var(--mantine-color-body)' : 'none'} />
            ))}
          </Pie>
          <Tooltip {...TOOLTIP} />
        </PieChart>
      </ResponsiveContainer>
      {/* Every state with its count, a zero included (the ring has no slice for it). */}
      <Group gap="md" justify="center" aria-hidden="true">
        {slices.map((s) => (
          <Group key={s.name} gap={6} wrap="nowrap">
            <ColorSwatch color={s.fill} size={12} withShadow={false} />
            <Text size="sm">
              {s.name}: {s.value}
            </Text>
          </Group>
        ))}
      </Group>
    </ChartCard>
  );
}
