/** Two small SVG plots for BENCHMARKS.md, drawn by hand (no charting library for two pictures). */

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];

/** Horizontal bars: each workload's rate against its ceiling's, one row per workload. */
export function barsSvg(title: string, rows: readonly { label: string; value: number; ceiling: number }[]): string {
  const width = 760;
  const rowHeight = 26;
  const left = 260;
  const height = 50 + rows.length * rowHeight + 30;
  const max = Math.max(1, ...rows.flatMap((r) => [r.value, r.ceiling]));
  const x = (v: number) => left + (v / max) * (width - left - 80);
  const bars = rows
    .map((r, i) => {
      const y = 40 + i * rowHeight;
      return [
        `<text x="${left - 8}" y="${y + 15}" text-anchor="end">${escape(r.label)}</text>`,
        `<rect x="${left}" y="${y + 2}" width="${x(r.ceiling) - left}" height="18" fill="#ddd"/>`,
        `<rect x="${left}" y="${y + 5}" width="${Math.max(1, x(r.value) - left)}" height="12" fill="${COLOURS[0]}"/>`,
        `<text x="${x(Math.max(r.value, r.ceiling)) + 6}" y="${y + 15}">${r.ceiling > 0 ? (r.value / r.ceiling).toFixed(2) + '×' : ''}</text>`,
      ].join('');
    })
    .join('\n');
  return svg(width, height, title, `${bars}\n<text x="${left}" y="${height - 8}" fill="#555">blue: workload (requests/s), grey: its ceiling, same run</text>`);
}

/** Lines: p99 latency (ms) of each search operator against the tenant count (log scale). */
export function linesSvg(title: string, series: readonly { label: string; points: { x: number; y: number }[] }[]): string {
  const width = 760;
  const height = 360;
  const [left, right, top, bottom] = [70, 180, 40, 50];
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const [minX, maxX] = [Math.min(...xs), Math.max(...xs)];
  const maxY = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.y))) * 1.1;
  const lx = (v: number) => (maxX === minX ? (left + width - right) / 2 : left + ((Math.log10(v) - Math.log10(minX)) / (Math.log10(maxX) - Math.log10(minX))) * (width - left - right));
  const ly = (v: number) => height - bottom - (v / maxY) * (height - top - bottom);
  const axes = [
    `<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="#333"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="#333"/>`,
    ...[...new Set(xs)].map((v) => `<text x="${lx(v)}" y="${height - bottom + 18}" text-anchor="middle">${v.toLocaleString('en')}</text>`),
    ...[0, 0.25, 0.5, 0.75, 1].map((f) => `<text x="${left - 6}" y="${ly(f * maxY) + 4}" text-anchor="end">${(f * maxY).toFixed(1)}</text>`),
    `<text x="${(left + width - right) / 2}" y="${height - 10}" text-anchor="middle" fill="#555">tenants</text>`,
    `<text x="14" y="${top - 12}" fill="#555">p99 ms</text>`,
  ];
  const lines = series.map((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const points = s.points.map((p) => `${lx(p.x)},${ly(p.y)}`).join(' ');
    return `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points}"/>${s.points.map((p) => `<circle cx="${lx(p.x)}" cy="${ly(p.y)}" r="3" fill="${colour}"/>`).join('')}<text x="${width - right + 10}" y="${top + 16 * i + 10}" fill="${colour}">${escape(s.label)}</text>`;
  });
  return svg(width, height, title, [...axes, ...lines].join('\n'));
}

function svg(width: number, height: number, title: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="20" font-size="14" font-weight="bold">${escape(title)}</text>
${body}
</svg>
`;
}

/** Lines over time (linear axes from 0): e.g. RSS and live heap of a soak, minute by minute. */
export function timeSeriesSvg(title: string, axes: { x: string; y: string }, series: readonly { label: string; points: { x: number; y: number }[] }[]): string {
  const width = 760;
  const height = 300;
  const [left, right, top, bottom] = [70, 180, 40, 50];
  const maxX = Math.max(1e-9, ...series.flatMap((s) => s.points.map((p) => p.x)));
  const maxY = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.y))) * 1.1;
  const lx = (v: number) => left + (v / maxX) * (width - left - right);
  const ly = (v: number) => height - bottom - (v / maxY) * (height - top - bottom);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const frame = [
    `<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="#333"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="#333"/>`,
    ...ticks.map((f) => `<text x="${lx(f * maxX)}" y="${height - bottom + 18}" text-anchor="middle">${(f * maxX).toFixed(maxX < 4 ? 1 : 0)}</text>`),
    ...ticks.map((f) => `<text x="${left - 6}" y="${ly(f * maxY) + 4}" text-anchor="end">${(f * maxY).toFixed(0)}</text>`),
    `<text x="${(left + width - right) / 2}" y="${height - 10}" text-anchor="middle" fill="#555">${escape(axes.x)}</text>`,
    `<text x="14" y="${top - 12}" fill="#555">${escape(axes.y)}</text>`,
  ];
  const lines = series.map((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const points = s.points.map((p) => `${lx(p.x).toFixed(1)},${ly(p.y).toFixed(1)}`).join(' ');
    return `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points}"/><text x="${width - right + 10}" y="${top + 16 * i + 10}" fill="${colour}">${escape(s.label)}</text>`;
  });
  return svg(width, height, title, [...frame, ...lines].join('\n'));
}
