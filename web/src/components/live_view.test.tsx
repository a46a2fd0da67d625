// @vitest-environment jsdom
// The live view in jsdom: the picture follows the privacy settings (MJPEG, snapshot, none), a
// failed picture says so, and the overlay is drawn on the canvas over it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { LiveView } from './live_view';
import type { Privacy } from '../api';

const fills: string[] = [];
beforeEach(() => {
  fills.length = 0;
  const ctx = new Proxy({} as Record<string, unknown>, {
    get: (_, k: string) => (...a: unknown[]) => { if (k === 'fillText') fills.push(String(a[0])); },
    set: () => true,
  });
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as unknown as CanvasRenderingContext2D);
});
afterEach(() => { render(null, document.body); vi.restoreAllMocks(); });

const q = (id: string) => document.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;
const privacy = (scene_preview: Privacy['scene_preview']): Privacy => ({ scene_preview, image_type: 'monochrome', resolution: 'low' });
const overlay = { frame_index: 1, width: 640, height: 400, tracks: [{ id: 12, u: 10, v: 20, path: [[10, 40], [10, 20]] as [number, number][] }], detections: [] };
const show = (p: Privacy) => act(() => { render(<LiveView width={640} height={400} privacy={p} layers={[]} overlay={overlay} />, document.body); });

describe('LiveView', () => {
  it('shows the MJPEG stream for video and draws the tracks over it', () => {
    show(privacy('video'));
    expect(q('preview-image')?.getAttribute('src')).toMatch(/^\/api\/v1\/live\/stream\.mjpeg/);
    expect(fills).toEqual(['#12']);
  });
  it('shows a snapshot for static', () => {
    show(privacy('static'));
    expect(q('preview-image')?.getAttribute('src')).toMatch(/^\/api\/v1\/live\/snapshot\.jpg/);
  });
  it('hides the picture when privacy says none; the drawings stay', () => {
    show(privacy('none'));
    expect(q('preview-image')).toBeNull();
    expect(q('preview-none')?.textContent).toBe('Scene preview is off (privacy settings)');
    expect(fills).toEqual(['#12']);
  });
  it('says so when the picture cannot be loaded', () => {
    show(privacy('video'));
    act(() => { q('preview-image')!.dispatchEvent(new Event('error')); });
    expect(q('preview-unavailable')?.textContent).toBe('No picture from the device yet (retrying)');
    expect(q('preview-image')?.className).toBe('broken');
  });
});
