import { describe, expect, it } from 'vitest';
import type { ReportResult } from './api';
import { defaultRange, fromLocalInput, initiallyShown, toColumns, toCsv, toLocalInput } from './report_data';

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
  it('datetime-local round trip', () => {
    expect(fromLocalInput(toLocalInput(1700000040))).toBe(1700000040);
  });
});
