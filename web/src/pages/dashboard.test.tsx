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

  it('draws the tracks of SSE overlay frames and follows SSE rules', async () => {
    // A minimal EventSource: the page registers listeners, the test emits events.
    const sources: { listeners: Record<string, (e: MessageEvent) => void> }[] = [];
    vi.stubGlobal('EventSource', class {
      listeners: Record<string, (e: MessageEvent) => void> = {};
      constructor() { sources.push(this); }
      addEventListener(name: string, f: (e: MessageEvent) => void) { this.listeners[name] = f; }
      close() { /* nothing to release */ }
    });
    const emit = (name: string, data: unknown) => act(() => { sources[0].listeners[name]({ data: JSON.stringify(data) } as MessageEvent); });
    const texts: string[] = [];
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(new Proxy({}, {
      get: (_, k: string) => (...a: unknown[]) => { if (k === 'fillText') texts.push(String(a[0])); },
      set: () => true,
    }) as unknown as CanvasRenderingContext2D);
    act(() => render(<DashboardPage role="admin" />, document.body));
    await vi.waitFor(() => expect(q('[data-testid="live-canvas"]')).not.toBeNull());
    emit('overlay', { frame_index: 3, width: 640, height: 400, detections: [],
      tracks: [{ id: 1, u: 10, v: 10, path: [[10, 20], [10, 10]] }, { id: 2, u: 50, v: 50, path: [] }] });
    expect(q('[data-testid="live-canvas"]').getAttribute('data-tracks')).toBe('2');
    emit('overlay', { frame_index: 4, width: 640, height: 400, tracks: [] });
    expect(q('[data-testid="live-canvas"]').getAttribute('data-tracks')).toBe('0');
    // The configured rules have no line; a line saved elsewhere arrives as an SSE "rules" event.
    texts.length = 0;
    emit('rules', { lines: [{ uuid: 'a', name: 'Door', points: [[0, 200], [639, 200]], uturn_area: [] }], regions: [] });
    expect(texts).toEqual(['In', 'Door']);
    emit('overlay', { frame_index: 5, tracks: 'malformed' }); // ignored: the last frame stays
    expect(q('[data-testid="live-canvas"]').getAttribute('data-tracks')).toBe('0');
  });
});
