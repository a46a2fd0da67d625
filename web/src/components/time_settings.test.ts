import { describe, expect, it } from 'vitest';
import { kFallbackZones, ntpLine } from './time_settings';

describe('time settings', () => {
  it('the fallback zones use the schema identifiers, in offset order', () => {
    expect(kFallbackZones).toHaveLength(38);
    expect(kFallbackZones[0]).toEqual({ id: 'UTC-12:00', offset_min: -720, name: 'UTC-12:00' });
    expect(kFallbackZones.find(z => z.offset_min === 345)?.id).toBe('UTC+05:45');
    for (const z of kFallbackZones) expect(z.id).toMatch(/^UTC[+-](0[0-9]|1[0-4]):(00|30|45)$/);
  });
  it('says how the clock is kept', () => {
    expect(ntpLine(null)).toBe('–');
    expect(ntpLine({ unix_s: 0, ntp: { error: 'timeout' } })).toBe('Failed: timeout');
    expect(ntpLine({ unix_s: 0, ntp: { last_sync_s: 1700000000, offset_s: 0.0123 } })).toBe('Synchronised 2023-11-14 22:13:20 UTC (offset 0.012 s)');
    expect(ntpLine({ unix_s: 0, ntp: {} })).toBe('Not synchronised yet');
  });
});
