import { HostDashboardDataSchema, MAX_DASHBOARD_DAYS, DashboardWindowSchema } from '../../../../../services/dashboard/host-dashboard.js';
import { rpcMethod } from '../../../define.js';

export const getDashboardStatisticsData = rpcMethod({
  path: 'Platform/HostDashboard/GetDashboardStatisticsData',
  summary: 'The host dashboard’s figures: sign-ups per day, tenants by state, conversion from lead to tenant, monthly recurring revenue',
  description:
    'After ASP.NET Zero’s `HostDashboard/GetDashboardStatisticsData`. `startDate` and `endDate` (ISO 8601; whole UTC days, both ' +
    `included) bound the sign-ups and the conversion, by default the last 30 days up to today, at most ${MAX_DASHBOARD_DAYS} days. ` +
    'Tenants by state and the recurring revenue are as of now. Host callers only.',
  auth: 'caller',
  input: DashboardWindowSchema,
  output: HostDashboardDataSchema,
  async handle({ caller, input, services }) {
    return services.hostDashboard.statistics(caller, input);
  },
});
