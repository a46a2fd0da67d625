import { describe, expect, it } from 'vitest';
import { deviceInfoRows, formatDuration } from './device_info';

describe('device info', () => {
  it('running time in the largest units', () => {
    expect(formatDuration(27)).toBe('27 s');
    expect(formatDuration(18 * 60 + 14)).toBe('18 min 14 s');
    expect(formatDuration(86400 + 5)).toBe('1 d 0 h 0 min 5 s');
  });
  it('labels and values as the guide shows them; unknown keys kept', () => {
    expect(deviceInfoRows({ serial_number: 'HC1', running_s: 61, macs: [{ interface: 'eth0', mac: '02:fc:00:00:00:01' }], extra: { a: 1 } })).toEqual([
      ['SN', 'HC1'], ['Uptime', '1 min 1 s'], ['MAC Address', 'eth0: 02:fc:00:00:00:01'], ['extra', '{"a":1}'],
    ]);
  });
});
