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

/** Seconds east of UTC of an ISO 8601 time's zone suffix ("+08:00", "-05:30", "Z"); null when none. */
export function isoOffsetS(iso: string): number | null {
  if (iso.endsWith('Z')) return 0;
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(iso);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60) : null;
}

/** The device's UTC offset (seconds) in force at Unix time t: each bucket's `local` time carries the
 *  offset in force at its start (zone and DST), so the last bucket starting at or before t gives it;
 *  before the first bucket, the first one's; without any, the result's utc_offset_s (else 0). */
export function deviceOffsetAt(r: ReportResult, t: number): number {
  let offset: number | null = null;
  for (const b of r.buckets) {
    const o = b.local ? isoOffsetS(b.local) : null;
    if (o === null) continue;
    if (offset === null || b.t <= t) offset = o;
    if (b.t > t) break;
  }
  return offset ?? r.utc_offset_s ?? 0;
}

/** A Date whose local fields (getHours(), getDate(), ...) read the device's wall clock at Unix
 *  seconds t, for a device `offsetS` seconds east of UTC: uPlot formats its axis and legend from the
 *  local fields (its `tzDate` hook), so the chart shows the device's time, not the browser's. */
export function deviceDate(t: number, offsetS: number): Date {
  const wallMs = (t + offsetS) * 1000;  // the device's wall clock read as if it were UTC
  // Local fields of (wallMs + browser offset) equal the UTC fields of wallMs; the browser offset is
  // taken at the result so a browser DST change near t does not shift it by an hour.
  const guess = new Date(wallMs + new Date(wallMs).getTimezoneOffset() * 60000);
  return new Date(wallMs + guess.getTimezoneOffset() * 60000);
}

/** "2026-11-23T10:00" for <input type=datetime-local> from Unix seconds, on the wall clock of a
 *  device `offsetS` seconds east of UTC (not the browser's zone), and back. */
export function toDeviceInput(s: number, offsetS: number): string {
  const d = new Date((s + offsetS) * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}
export function fromDeviceInput(v: string, offsetS: number): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(v);
  if (!m) return NaN;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5])) / 1000;
  return wall - offsetS;
}
