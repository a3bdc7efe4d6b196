/**
 * Colours and styles the charts share, as Mantine's CSS variables, so one chart reads right in light and dark
 * (recharts writes them into SVG attributes, which resolve `var()`). Shades keep 3:1 contrast on both backgrounds.
 */
export const SERIES = {
  leads: 'var(--mantine-color-cyan-7)',
  tenants: 'var(--mantine-color-indigo-6)',
  active: 'var(--mantine-color-green-7)',
  suspended: 'var(--mantine-color-orange-6)',
  deleted: 'var(--mantine-color-red-7)',
  revenue: 'var(--mantine-color-teal-7)',
};

export const AXIS = { tick: { fill: 'var(--mantine-color-dimmed)', fontSize: 12 }, stroke: 'var(--mantine-color-default-border)' };
export const GRID = { stroke: 'var(--mantine-color-default-border)', strokeDasharray: '3 3' };
export const TOOLTIP = {
  contentStyle: {
    background: 'var(--mantine-color-body)',
    border: '1px solid var(--mantine-color-default-border)',
    borderRadius: 8,
    color: 'var(--mantine-color-text)',
  },
  labelStyle: { color: 'var(--mantine-color-text)', fontWeight: 600 },
  cursor: { fill: 'var(--mantine-color-default-hover)' },
};

/** `2026-12-02` → `2 Dec`, in UTC (the API's days are UTC days). */
export function shortDay(isoDate: string): string {
  return new Date(`${isoDate}T00:00:00Z`).toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

export function money(amount: number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
}
