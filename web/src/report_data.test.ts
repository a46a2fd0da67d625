import { describe, expect, it } from 'vitest';
import type { ReportResult } from './api';
import { defaultRange, deviceDate, deviceOffsetAt, fromDeviceInput, initiallyShown, isoOffsetS, toColumns, toCsv, toDeviceInput } from './report_data';

const r: ReportResult = { series: ['in', 'out'], buckets: [{ t: 0, in: 3, out: 1 }, { t: 3600, in: 2 }] };

describe('report data', () => {
  it('default ranges end now', () => {
    expect(defaultRange('hour', 100000)).toEqual({ from: 100000 - 86400, to: 100000 });
    expect(defaultRange('day', 1e6).from).toBe(1e6 - 7 * 86400);
  });
  it('columns for the chart with gaps as null', () => {
    expect(toColumns(r)).toEqual([[0, 3600], [3, 2], [1, null]]);
  });
  it('line crossings show in and out first; other reports every series', () => {
    expect(initiallyShown(['in', 'adults_in', 'children_in', 'out', 'adults_out'])).toEqual([true, false, false, true, false]);
    expect(initiallyShown(['Shop max', 'Shop avg'])).toEqual([true, true]);
    expect(initiallyShown(['episodes', 'avg_s', 'max_s'])).toEqual([true, true, true]);
  });
  it('CSV with a header, ISO times and quoting', () => {
    expect(toCsv(r, 'Door, main')).toBe('time,target,in,out\n1970-01-01T00:00:00.000Z,"Door, main",3,1\n1970-01-01T01:00:00.000Z,"Door, main",2,\n');
  });
  it('zone offsets of ISO times', () => {
    expect(isoOffsetS('2026-11-24T10:00:00+08:00')).toBe(8 * 3600);
    expect(isoOffsetS('2026-03-08T01:00:00-05:30')).toBe(-(5 * 3600 + 1800));
    expect(isoOffsetS('2026-11-24T02:00:00Z')).toBe(0);
    expect(isoOffsetS('2026-11-24T02:00:00')).toBeNull();
  });
  it('the device offset in force comes from the bucket at or before the time (DST start)', () => {
    // UTC-05:00 until 2026-03-08T07:00Z, then UTC-04:00 (hour buckets; 02:00 local is skipped).
    const dst: ReportResult = { series: ['in'], utc_offset_s: -4 * 3600, buckets: [
      { t: 1772949600, local: '2026-03-08T01:00:00-05:00', in: 1 },
      { t: 1772953200, local: '2026-03-08T03:00:00-04:00', in: 2 }] };
    expect(deviceOffsetAt(dst, 1772949600 + 1800)).toBe(-5 * 3600);
    expect(deviceOffsetAt(dst, 1772953200)).toBe(-4 * 3600);
    expect(deviceOffsetAt(dst, 1772949600 - 3600)).toBe(-5 * 3600);
    expect(deviceOffsetAt({ series: [], buckets: [], utc_offset_s: 3600 }, 0)).toBe(3600);
    expect(deviceOffsetAt(r, 0)).toBe(0);
  });
  it("axis dates read the device's wall clock in any browser zone", () => {
    inEachBrowserZone(() => {
      // 2025-11-24T02:30:00Z is 10:30 in UTC+08:00 and 21:30 the day before in UTC-05:00.
      const east = deviceDate(1763951400, 8 * 3600);
      expect([east.getFullYear(), east.getMonth() + 1, east.getDate(), east.getHours(), east.getMinutes()]).toEqual([2025, 11, 24, 10, 30]);
      const west = deviceDate(1763951400, -5 * 3600);
      expect([west.getDate(), west.getHours()]).toEqual([23, 21]);
      // A browser DST change (New York, 2026-03-08 02:00 local) does not move the device's hour.
      const d = deviceDate(1772951400, 8 * 3600);
      expect([d.getDate(), d.getHours(), d.getMinutes()]).toEqual([8, 14, 30]);
    });
  });
  it('the time range is entered on the device wall clock in any browser zone', () => {
    inEachBrowserZone(() => {
      // 1700000040 = 2023-11-14T22:14:00Z
      expect(toDeviceInput(1700000040, 8 * 3600)).toBe('2023-11-15T06:14');
      expect(toDeviceInput(1700000040, -(5 * 3600 + 1800))).toBe('2023-11-14T16:44');
      expect(toDeviceInput(1700000040, 0)).toBe('2023-11-14T22:14');
      expect(fromDeviceInput('2023-11-15T06:14', 8 * 3600)).toBe(1700000040);
      expect(fromDeviceInput('2023-11-14T16:44', -(5 * 3600 + 1800))).toBe(1700000040);
      for (const off of [-12 * 3600, -3600, 0, 5 * 3600 + 2700, 14 * 3600])
        expect(fromDeviceInput(toDeviceInput(1700000040, off), off)).toBe(1700000040);
      expect(fromDeviceInput('not a time', 0)).toBeNaN();
    });
  });
});

/** Runs `check` with the process (the "browser") in five zones, DST ones among them. */
function inEachBrowserZone(check: () => void) {
  // Node reads TZ anew when it changes (the GUI's tsconfig has no Node types, hence the cast).
  const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;
  const zone = env.TZ;
  try {
    for (const browser of ['UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland', 'Europe/Berlin']) {
      env.TZ = browser;
      check();
    }
  } finally {
    if (zone === undefined) delete env.TZ; else env.TZ = zone;
  }
}
