import { describe, expect, it } from 'vitest';
import { shownCounts } from './counts';
import { setIn } from './components/form';
import { schemaDefaults } from './validation';

describe('dashboard counts', () => {
  const l = { uuid: 'u', name: 'L', in: 10, out: 4, capacity: 6, child_in: 3, child_out: 1 };
  it('shows totals by default', () => expect(shownCounts(l, false)).toEqual({ in: 10, out: 4, capacity: 6 }));
  it('children excluded counts adults only', () => expect(shownCounts(l, true)).toEqual({ in: 7, out: 3, capacity: 4 }));
  it('capacity never goes negative', () => expect(shownCounts({ ...l, in: 1, child_in: 0, out: 5, child_out: 0 }, true).capacity).toBe(0));
});

describe('form state helpers', () => {
  it('setIn copies only the changed path', () => {
    const o = { a: { b: 1, c: [1, 2] }, d: { e: 1 } };
    const n = setIn(o, ['a', 'c', 1], 9);
    expect(n).toEqual({ a: { b: 1, c: [1, 9] }, d: { e: 1 } });
    expect(o.a.c[1]).toBe(2);
    expect(n.d).toBe(o.d);
  });
  it('schemaDefaults builds a new recipient from the schema', () => {
    const r = schemaDefaults('communication.recipients[]') as { protocol: string; report: { periodic: { period_min: number } } };
    expect(r.protocol).toBe('http');
    expect(r.report.periodic.period_min).toBe(60);
  });
});

describe('network form', async () => {
  const { checkIpv4 } = await import('./components/network_settings');
  it('accepts dotted IPv4 addresses only', () => {
    expect(checkIpv4('192.168.5.220')).toBe(true);
    expect(checkIpv4('255.255.255.0')).toBe(true);
    expect(checkIpv4('256.1.1.1')).toBe(false);
    expect(checkIpv4('1.2.3')).toBe(false);
    expect(checkIpv4('a.b.c.d')).toBe(false);
  });
});
