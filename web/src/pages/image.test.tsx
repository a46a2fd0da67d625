// @vitest-environment jsdom
// The Image page in jsdom with a stubbed fetch: the settings form and, under it, what the frame
// source made of each setting (GET /image/status).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { ImagePage } from './image';

const settings = { day_night_mode: 'night', sensitivity: 4, night_schedule: { start: '18:00', end: '06:00' },
  target_brightness: 50, power_line_frequency_hz: 50, wdr: false };
let statusAnswer: Response;
beforeEach(() => {
  statusAnswer = new Response(JSON.stringify({ source: "simulated entrance 'busy-hour'", night: true, settings, status: {
    day_night_mode: { state: 'applied', detail: 'night: IR flood only, illumination x0.55' },
    target_brightness: { state: 'applied', detail: 'sensor gain x1.00' },
    night_schedule: { state: 'not in use', detail: 'day_night_mode is not schedule' },
    wdr: { state: 'unsupported', detail: 'the simulated sensor has one fixed response curve' } } }));
  vi.stubGlobal('fetch', vi.fn(async (url: string) => {
    if (url.endsWith('/config/image')) return new Response(JSON.stringify(settings));
    if (url.endsWith('/image/status')) return statusAnswer;
    return new Response('{"error":"no route"}', { status: 404 });
  }));
});
afterEach(() => { render(null, document.body); vi.unstubAllGlobals(); vi.restoreAllMocks(); });

const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent;

describe('Image page', () => {
  it('lists what the source applied, what it cannot do and what is not in use', async () => {
    act(() => render(<ImagePage />, document.body));
    await vi.waitFor(() => expect(text('image-status')).toBeTruthy());
    expect(text('image-status')).toContain("On simulated entrance 'busy-hour' · night mode in force");
    expect(text('image-status-target_brightness')).toBe('Target Brightness: applied (sensor gain x1.00)');
    expect(text('image-status-wdr')).toBe('WDR: not supported by this source (the simulated sensor has one fixed response curve)');
    expect(text('image-status-night_schedule')).toBe('Night Schedule: not in use (day_night_mode is not schedule)');
  });
  it('shows no list when no source applies the settings', async () => {
    statusAnswer = new Response(JSON.stringify({ error: 'no frame source applies image settings' }), { status: 503 });
    act(() => render(<ImagePage />, document.body));
    await vi.waitFor(() => expect(document.querySelector('[data-testid="save-image"]')).toBeTruthy());
    expect(text('image-status')).toBeUndefined();
  });
});
