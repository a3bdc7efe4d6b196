import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS, GRID, SERIES, TOOLTIP, money } from './chart-theme';
import { ChartCard } from './ChartCard';

export interface Revenue {
  total: { currency: string; amount: number }[];
  byProduct: { productId: number; productName: string; currency: string; amount: number; subscriptions: number }[];
}

/** Monthly recurring revenue now, one bar per product and currency (amounts of different currencies are never added). */
export function RevenueChart({ revenue }: { revenue: Revenue }) {
  const bars = revenue.byProduct.map((p) => ({ ...p, label: revenue.total.length > 1 ? `${p.productName} (${p.currency})` : p.productName }));
  const totals = revenue.total.map((m) => money(m.amount, m.currency)).join(' + ');
  const summary =
    bars.length === 0
      ? 'No active subscriptions yet: they start when a new tenant’s first invoice is paid. Add products under Catalogue.'
      : `${totals} a month from ${bars.reduce((n, b) => n + b.subscriptions, 0)} active subscriptions: ` +
        bars.map((b) => `${b.label} ${money(b.amount, b.currency)}`).join(', ') + '.';
  return (
    <ChartCard title={`Monthly recurring revenue${totals ? `: ${totals}` : ''}`} summary={summary}>
      <ResponsiveContainer width="100%" height={Math.max(120, 48 * bars.length + 40)}>
        <BarChart data={bars} layout="vertical" margin={{ top: 0, right: 72, bottom: 0, left: 8 }}>
          <CartesianGrid horizontal={false} {...GRID} />
          <XAxis type="number" {...AXIS} />
          <YAxis type="category" dataKey="label" width={116} {...AXIS} />
          <Tooltip formatter={(value, _name, item) => money(Number(value), (item.payload as { currency: string }).currency)} {...TOOLTIP} />
          <Bar dataKey="amount" name="A month" fill={SERIES.revenue} radius={[0, 3, 3, 0]} isAnimationActive={false}>
            <LabelList
              dataKey="amount"
              position="right"
              fill="var(--mantine-color-text)"
              fontSize={13}
              formatter={(value: unknown) => new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }).format(Number(value))}
            />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
