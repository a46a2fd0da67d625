// Report helpers kept free of the DOM so they are unit-tested: the time range of a preset, the
// uPlot data columns of a result and the CSV text of a result (RFC 4180 quoting).
import type { ReportResult } from './api';

export type Unit = 'hour' | 'day' | 'week' | 'month';

/** Default range for a time unit, ending now: 24 hours, 7 days, 4 weeks or 12 months of buckets. */
export function defaultRange(unit: Unit, nowS: number): { from: number; to: number } {
  const span = { hour: 24 * 3600, day: 7 * 86400, week: 28 * 86400, month: 365 * 86400 }[unit];
  return { from: nowS - span, to: nowS };
}

/** Columns for uPlot: x (Unix seconds) then one column per series, missing values as null. */
export function toColumns(r: ReportResult): (number | null)[][] {
  const xs = r.buckets.map(b => b.t);
  return [xs, ...r.series.map(s => r.buckets.map(b => (typeof b[s] === 'number' ? b[s] : null)))];
}

/** Which series the chart shows at first: for line crossings the totals in and out (the adult,
 *  child and gender breakdowns stay in the legend, a click away); everything otherwise. */
export function initiallyShown(series: string[]): boolean[] {
  const lineTotals = series.includes('in') && series.includes('out');
  return series.map(s => !lineTotals || s === 'in' || s === 'out');
}

function quote(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** CSV with an ISO time column, used when the server's CSV endpoint is not reachable. */
export function toCsv(r: ReportResult, target: string): string {
  const head = ['time', 'target', ...r.series].map(quote).join(',');
  const rows = r.buckets.map(b => [new Date(b.t * 1000).toISOString(), target, ...r.series.map(s => String(b[s] ?? ''))].map(quote).join(','));
  return [head, ...rows].join('\n') + '\n';
}

/** "2026-11-23T10:00" (local) for <input type=datetime-local> from Unix seconds, and back. */
export function toLocalInput(s: number): string {
  const d = new Date(s * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
export function fromLocalInput(v: string): number {
  return Math.floor(new Date(v).getTime() / 1000);
}
