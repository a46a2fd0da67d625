// @vitest-environment jsdom
// The System page in jsdom with a stubbed fetch: the data-retention fields (system.storage) show the
// stored values, or the schema's defaults for a document saved before the section existed, and a
// save sends what was entered.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { SystemPage } from './system';

const time = { time_zone: 'UTC+00:00', sync_mode: 'manual', ntp_server: 'pool.ntp.org', ntp_interval_min: 1440,
  dst: { enabled: false, start: { month: 3, week: 2, weekday: 0, hour: 2 }, end: { month: 10, week: 5, weekday: 0, hour: 3 }, bias_min: 60 } };
let stored: Record<string, unknown>;
let saved: Record<string, unknown> | null;
beforeEach(() => {
  stored = { device_name: 'People Counter', custom_device_id: '', custom_site_id: '', time,
    storage: { max_raw_events: 50000, bin_retention_days: 400 } };
  saved = null;
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    if (url.endsWith('/config/system') && init?.method === 'PUT') {
      saved = JSON.parse(String(init.body));
      return new Response(JSON.stringify(saved));
    }
    if (url.endsWith('/config/system')) return new Response(JSON.stringify(stored));
    return new Response('{"error":"no route"}', { status: 404 });
  }));
});
afterEach(() => { render(null, document.body); vi.unstubAllGlobals(); vi.restoreAllMocks(); });

const input = (id: string) => document.querySelector(`[data-testid="${id}"]`) as HTMLInputElement | null;
const admin = { username: 'admin', role: 'admin' as const };

describe('System page, data retention', () => {
  it('shows the stored retention and saves a changed one', async () => {
    act(() => render(<SystemPage user={admin} />, document.body));
    await vi.waitFor(() => expect(input('max-raw-events')).toBeTruthy());
    expect(input('max-raw-events')!.value).toBe('50000');
    expect(input('bin-retention-days')!.value).toBe('400');
    expect(input('max-raw-events')!.min).toBe('1000');  // the schema's range
    await act(async () => {
      input('bin-retention-days')!.value = '30';
      input('bin-retention-days')!.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => { input('save-system')!.click(); });
    await vi.waitFor(() => expect(saved).not.toBeNull());
    expect(saved!.storage).toEqual({ max_raw_events: 50000, bin_retention_days: 30 });
  });
  it('shows the schema defaults when the stored section has no storage', async () => {
    delete stored.storage;
    act(() => render(<SystemPage user={admin} />, document.body));
    await vi.waitFor(() => expect(input('max-raw-events')).toBeTruthy());
    expect(input('max-raw-events')!.value).toBe('1000000');
    expect(input('bin-retention-days')!.value).toBe('1098');
  });
});
