import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS, GRID, SERIES, TOOLTIP, shortDay } from './chart-theme';
import { ChartCard } from './ChartCard';

export interface SignUpDay {
  date: string;
  leads: number;
  tenants: number;
}

/** Tenancy requests and new tenants, one pair of bars a day. */
export function SignUpsChart({ days }: { days: SignUpDay[] }) {
  const leads = days.reduce((n, d) => n + d.leads, 0);
  const tenants = days.reduce((n, d) => n + d.tenants, 0);
  const summary =
    leads + tenants === 0
      ? 'No sign-ups in these days. Open sign-up at /signup (see the sign-up key in the docs) or create a tenant under Tenants.'
      : `${leads} tenancy request${leads === 1 ? '' : 's'} and ${tenants} new tenant${tenants === 1 ? '' : 's'} from ${shortDay(days[0]!.date)} to ${shortDay(days.at(-1)!.date)}.`;
  return (
    <ChartCard title="Sign-ups per day" summary={summary}>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: -20 }}>
          <CartesianGrid vertical={false} {...GRID} />
          <XAxis dataKey="date" tickFormatter={shortDay} minTickGap={16} {...AXIS} />
          <YAxis allowDecimals={false} {...AXIS} />
          <Tooltip labelFormatter={(label) => shortDay(String(label))} {...TOOLTIP} />
          <Legend wrapperStyle={{ fontSize: 13 }} />
          <Bar dataKey="leads" name="Tenancy requests" fill={SERIES.leads} radius={[3, 3, 0, 0]} isAnimationActive={false} />
          <Bar dataKey="tenants" name="New tenants" fill={SERIES.tenants} radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
