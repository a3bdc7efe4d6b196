import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS, GRID, SERIES, TOOLTIP } from './chart-theme';
import { ChartCard } from './ChartCard';

export interface Conversion {
  leads: number;
  converted: number;
  rate: number | null;
}

/** The funnel from tenancy request to tenant, as two bars. */
export function ConversionChart({ conversion }: { conversion: Conversion }) {
  const steps = [
    { step: 'Tenancy requests', count: conversion.leads, fill: SERIES.leads },
    { step: 'Became tenants', count: conversion.converted, fill: SERIES.tenants },
  ];
  const summary =
    conversion.rate === null
      ? 'No tenancy requests in these days, so nothing to convert yet. Sign-up at /signup makes them.'
      : `${Math.round(conversion.rate * 100)}% of ${conversion.leads} tenancy request${conversion.leads === 1 ? '' : 's'} became a tenant (${conversion.converted}).`;
  return (
    <ChartCard title={`Conversion from lead to tenant${conversion.rate === null ? '' : `: ${Math.round(conversion.rate * 100)}%`}`} summary={summary}>
      <ResponsiveContainer width="100%" height={160}>
        <BarChart data={steps} layout="vertical" margin={{ top: 0, right: 32, bottom: 0, left: 8 }}>
          <CartesianGrid horizontal={false} {...GRID} />
          <XAxis type="number" allowDecimals={false} {...AXIS} />
          <YAxis type="category" dataKey="step" width={116} {...AXIS} />
          <Tooltip {...TOOLTIP} />
          <Bar dataKey="count" name="Count" radius={[0, 3, 3, 0]} isAnimationActive={false}>
            {steps.map((s) => (
              <Cell key={s.step} fill={s.fill} />
            ))}
            <LabelList dataKey="count" position="right" fill="var(--mantine-color-text)" fontSize={13} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
