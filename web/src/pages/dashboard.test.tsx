// @vitest-environment jsdom
// The Dashboard in jsdom with a stubbed fetch: per-line counts, Hide Capacity, Children Excluded,
// and Reset Count only after confirmation.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { DashboardPage } from './dashboard';

let resets = 0;
beforeEach(() => {
  resets = 0;
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    if (url.endsWith('/counts/reset') && init?.method === 'POST') { resets++; return new Response('{}'); }
    if (url.endsWith('/live/counts')) {
      return new Response(JSON.stringify({ lines: [{ uuid: 'a', name: 'Door', in: 10, out: 4, capacity: 6, adult_in: 7, adult_out: 3, child_in: 3, child_out: 1 }],
        regions: [{ uuid: 'r', name: 'Till', count: 2, max_dwell_s: 40, avg_dwell_s: 12 }] }));
    }
    if (url.endsWith('/config/privacy')) return new Response(JSON.stringify({ scene_preview: 'none' }));
    if (url.endsWith('/config/sensor')) return new Response(JSON.stringify({ image_width: 640, image_height: 400 }));
    if (url.endsWith('/config/rules')) return new Response(JSON.stringify({ lines: [], regions: [] }));
    return new Response('{"error":"no route"}', { status: 404 });
  }));
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});
afterEach(() => { render(null, document.body); vi.unstubAllGlobals(); vi.restoreAllMocks(); });

const q = (sel: string) => document.querySelector(sel) as HTMLElement;
const text = (id: string) => q(`[data-testid="${id}"]`)?.textContent;
const toggle = (id: string) => act(() => { q(`[data-testid="${id}"]`).click(); });

describe('Dashboard', () => {
  it('shows in, out and capacity per line, and the region counts', async () => {
    act(() => render(<DashboardPage role="admin" />, document.body));
    await vi.waitFor(() => expect(text('count-in')).toBe('10'));
    expect(text('count-out')).toBe('4');
    expect(text('count-capacity')).toBe('6');
    expect(text('region-count')).toContain('Till');
    toggle('hide-capacity');
    expect(text('count-capacity')).toBeUndefined();
    toggle('children-excluded');
    expect(text('count-in')).toBe('7');
    expect(text('count-out')).toBe('3');
  });

  it('resets the counts only after confirmation; viewers have no reset button', async () => {
    vi.stubGlobal('confirm', vi.fn(() => false));
    act(() => render(<DashboardPage role="admin" />, document.body));
    await vi.waitFor(() => expect(text('count-in')).toBe('10'));
    await act(async () => { q('[data-testid="reset-count"]').click(); });
    expect(resets).toBe(0);
    vi.stubGlobal('confirm', vi.fn(() => true));
    await act(async () => { q('[data-testid="reset-count"]').click(); });
    await vi.waitFor(() => expect(resets).toBe(1));
    render(null, document.body);
    act(() => render(<DashboardPage role="viewer" />, document.body));
    await vi.waitFor(() => expect(text('count-in')).toBe('10'));
    expect(q('[data-testid="reset-count"]')).toBeNull();
  });
});
