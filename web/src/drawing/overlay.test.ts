import { describe, expect, it } from 'vitest';
import { kDetectionColor, layerShapes, overlayShapes, renderShapes, trackColor, trackLabel, type Overlay, type Shape } from './overlay';
import { newDraft } from './shape_editor';

const frame = (over: Partial<Overlay> = {}): Overlay => ({
  frame_index: 7, t_s: 1700000000, width: 640, height: 400,
  tracks: [{ id: 3, u: 100, v: 200, x_m: 0.1, y_m: -0.2, stature_m: 1.754, child: false, gender: 'female', path: [[100, 300], [100, 250], [100, 200]] }],
  detections: [{ u: 100, v: 200, height_m: 1.75 }, { u: 500, v: 50, height_m: 1.2 }],
  ...over,
});

describe('overlay: tracks, heads and detections', () => {
  it('draws detections, then per track its path, head and label, in canvas pixels', () => {
    const s = overlayShapes(frame(), { width: 640, height: 400 });
    const c = trackColor(3);
    expect(s).toEqual<Shape[]>([
      { kind: 'circle', center: [100, 200], radius: 7, color: kDetectionColor, fill: false },
      { kind: 'circle', center: [500, 50], radius: 7, color: kDetectionColor, fill: false },
      { kind: 'polyline', points: [[100, 300], [100, 250], [100, 200]], closed: false, color: c, width: 2 },
      { kind: 'circle', center: [100, 200], radius: 5, color: c, fill: true },
      { kind: 'text', at: [108, 192], text: '#3 1.75 m F', color: c, size: 12 },
    ]);
  });
  it('scales preview pixels to the canvas when the sizes differ', () => {
    const s = overlayShapes(frame({ width: 320, height: 200, detections: [] }), { width: 640, height: 400 });
    expect(s[0]).toMatchObject({ kind: 'polyline', points: [[200, 600], [200, 500], [200, 400]] });
    expect(s[1]).toMatchObject({ kind: 'circle', center: [200, 400] });
  });
  it('leaves out the tracking lines when they are toggled off but keeps heads and ids', () => {
    const s = overlayShapes(frame({ detections: [] }), { width: 640, height: 400 }, { paths: false });
    expect(s.map(x => x.kind)).toEqual(['circle', 'text']);
  });
  it('draws nothing without an overlay and skips malformed entries', () => {
    expect(overlayShapes(null, { width: 640, height: 400 })).toEqual([]);
    expect(overlayShapes({ frame_index: -1, tracks: [] }, { width: 640, height: 400 })).toEqual([]);
    const bad = frame({ tracks: [{ id: 1, u: NaN, v: 3, path: [] }], detections: [{ u: 1, v: null as unknown as number }] });
    expect(overlayShapes(bad, { width: 640, height: 400 })).toEqual([]);
  });
  it('a one-point path is no line; missing size means no scaling', () => {
    const s = overlayShapes({ frame_index: 1, tracks: [{ id: 9, u: 5, v: 6, path: [[5, 6]] }] }, { width: 640, height: 400 });
    expect(s).toEqual([
      { kind: 'circle', center: [5, 6], radius: 5, color: trackColor(9), fill: true },
      { kind: 'text', at: [13, -2], text: '#9', color: trackColor(9), size: 12 },
    ]);
  });
  it('labels say what is known of the person; colours are stable per id', () => {
    expect(trackLabel({ id: 4, u: 0, v: 0, path: [], stature_m: 1.1, child: true, gender: 'male' })).toBe('#4 1.10 m child M');
    expect(trackLabel({ id: 4, u: 0, v: 0, path: [], stature_m: 0, gender: 'unknown' })).toBe('#4');
    expect(trackColor(1)).toBe(trackColor(7));
    expect(trackColor(1)).not.toBe(trackColor(2));
    expect(trackColor(-1)).toBeTruthy();
  });
});

describe('rule layers: lines with the In arrow, areas', () => {
  it('a line: outline, vertices, In arrow to the right of the drawing direction, name', () => {
    const s = layerShapes({ draft: newDraft('line', [[100, 200], [300, 200]]), color: '#0cf', label: 'Door', arrow: true }, 'In');
    expect(s.map(x => x.kind)).toEqual(['polyline', 'circle', 'circle', 'polyline', 'polygon', 'text', 'text']);
    expect(s[0]).toEqual({ kind: 'polyline', points: [[100, 200], [300, 200]], closed: false, color: '#0cf', width: 2, fillAlpha: undefined });
    // Drawn left to right on screen (y down): the right-hand side is +v, so the arrow points down.
    expect(s[3]).toEqual({ kind: 'polyline', points: [[200, 200], [200, 228]], closed: false, color: '#0cf', width: 2 });
    expect(s[5]).toEqual({ kind: 'text', at: [204, 232], text: 'In', color: '#0cf', size: 12 });
    expect(s[6]).toEqual({ kind: 'text', at: [106, 194], text: 'Door', color: '#0cf', size: 13 });
  });
  it('a flipped line points the arrow the other way', () => {
    const s = layerShapes({ draft: newDraft('line', [[300, 200], [100, 200]]), color: '#0cf', arrow: true }, 'In');
    expect(s[3]).toMatchObject({ points: [[200, 200], [200, 172]] });
  });
  it('a finished area is closed and lightly filled; a selected shape is thicker', () => {
    const s = layerShapes({ draft: newDraft('area', [[0, 0], [10, 0], [10, 10]]), color: '#7f0', selected: true }, 'In');
    expect(s[0]).toEqual({ kind: 'polyline', points: [[0, 0], [10, 0], [10, 10]], closed: true, color: '#7f0', width: 3, fillAlpha: 0.15 });
    expect(s.filter(x => x.kind === 'circle')).toHaveLength(3);
    expect(layerShapes({ draft: newDraft('area'), color: '#7f0' }, 'In')).toEqual([]);
  });
});

describe('renderShapes', () => {
  it('replays the shapes on a 2-D context', () => {
    const calls: string[] = [];
    const ctx = new Proxy({} as Record<string, unknown>, {
      get: (_, k: string) => (...a: unknown[]) => { calls.push(`${k}(${a.join(',')})`); },
      set: (_, k: string, v) => { calls.push(`${k}=${v}`); return true; },
    }) as unknown as CanvasRenderingContext2D;
    renderShapes(ctx, [
      { kind: 'circle', center: [5, 6], radius: 7, color: '#fff', fill: false },
      { kind: 'text', at: [1, 2], text: '#1', color: '#ff0', size: 12 },
    ]);
    expect(calls).toEqual(['strokeStyle=#fff', 'fillStyle=#fff', 'beginPath()', `arc(5,6,7,0,${Math.PI * 2})`, 'lineWidth=2', 'stroke()',
      'strokeStyle=#ff0', 'fillStyle=#ff0', 'font=12px sans-serif', 'fillText(#1,1,2)']);
  });
});
