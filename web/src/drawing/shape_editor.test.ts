import { describe, expect, it } from 'vitest';
import {
  addVertex, clear, finish, flip, hitTest, inArrow, maxVertices, moveVertex, newDraft, sideOf, translate,
  type Draft, type Pt,
} from './shape_editor';

const b = { width: 640, height: 400 };
const drawLine = (pts: Pt[]): Draft => pts.reduce((d, p) => addVertex(d, p, b).draft, newDraft('line'));

describe('vertex limits', () => {
  it('a line takes at most 4 segments (5 vertices)', () => {
    let d = drawLine([[10, 10], [50, 10], [90, 10], [130, 10], [170, 10]]);
    expect(d.points).toHaveLength(5);
    const r = addVertex(d, [200, 10], b);
    expect(r.error).toBe('max_segments');
    expect(r.draft.points).toHaveLength(5);
    d = finish(d).draft;
    expect(d.done).toBe(true);
  });
  it('an area takes at most 10 edges', () => {
    expect(maxVertices('area')).toBe(10);
    let d = newDraft('area');
    for (let i = 0; i < 10; ++i) d = addVertex(d, [10 + i * 20, 10 + (i % 2) * 30], b).draft;
    expect(addVertex(d, [300, 300], b).error).toBe('max_segments');
  });
  it('finishing needs 2 vertices for a line and 3 for an area', () => {
    expect(finish(drawLine([[1, 1]])).error).toBe('too_few_points');
    expect(finish(drawLine([[1, 1], [5, 5]])).error).toBeUndefined();
    const a = addVertex(addVertex(newDraft('area'), [1, 1], b).draft, [9, 1], b).draft;
    expect(finish(a).error).toBe('too_few_points');
  });
  it('a finished shape takes no more vertices until cleared', () => {
    const d = finish(drawLine([[1, 1], [5, 5]])).draft;
    expect(addVertex(d, [9, 9], b).error).toBe('already_done');
    const c = clear(d);
    expect(c.points).toHaveLength(0);
    expect(c.done).toBe(false);
  });
  it('clamps vertices to the image and ignores a double click on the same point', () => {
    const d = drawLine([[-20, 500]]);
    expect(d.points[0]).toEqual([0, 399]);
    expect(addVertex(d, [0, 399], b).error).toBe('duplicate_point');
  });
});

describe('direction', () => {
  it('the in arrow points to the right of the drawing direction on screen (y down)', () => {
    const d = drawLine([[100, 200], [300, 200]]); // drawn left to right
    const a = inArrow(d, 10)!;
    expect(a.from).toEqual([200, 200]);
    expect(a.to[0]).toBeCloseTo(200);
    expect(a.to[1]).toBeCloseTo(210); // down the screen
    expect(sideOf(d, [200, 250])).toBe(1); // below = IN side
    expect(sideOf(d, [200, 150])).toBe(-1);
  });
  it('flip reverses the vertices and the arrow', () => {
    const d = drawLine([[100, 200], [300, 200], [300, 300]]);
    const f = flip(d);
    expect(f.points).toEqual([[300, 300], [300, 200], [100, 200]]);
    expect(sideOf(d, [250, 250])).toBe(1);
    expect(sideOf(f, [250, 250])).toBe(-1);
    const s = drawLine([[100, 200], [300, 200]]);
    const a = inArrow(s, 10)!, fa = inArrow(flip(s), 10)!;
    expect(fa.to[1] - fa.from[1]).toBeCloseTo(-(a.to[1] - a.from[1]));
    expect(flip(f)).toEqual(d);
  });
});

describe('hit testing', () => {
  const d = finish(drawLine([[100, 100], [200, 100], [200, 200]])).draft;
  it('finds a vertex within the tolerance, preferring the nearest', () => {
    expect(hitTest(d, [203, 98], 6)).toEqual({ type: 'vertex', index: 1 });
    expect(hitTest(d, [100, 104], 6)).toEqual({ type: 'vertex', index: 0 });
  });
  it('finds a segment when no vertex is near', () => {
    expect(hitTest(d, [150, 103], 6)).toEqual({ type: 'segment', index: 0 });
    expect(hitTest(d, [198, 150], 6)).toEqual({ type: 'segment', index: 1 });
  });
  it('misses elsewhere; a line has no inside', () => {
    expect(hitTest(d, [150, 150], 6)).toBeNull();
  });
  it('an area is hit inside and on its closing edge', () => {
    let a = newDraft('area');
    for (const p of [[0, 0], [100, 0], [100, 100], [0, 100]] as Pt[]) a = addVertex(a, p, b).draft;
    a = finish(a).draft;
    expect(hitTest(a, [50, 50], 4)).toEqual({ type: 'inside' });
    expect(hitTest(a, [1, 50], 4)).toEqual({ type: 'segment', index: 3 });
  });
});

describe('drag', () => {
  const d = finish(drawLine([[100, 100], [200, 100]])).draft;
  it('moves one vertex, kept in the image', () => {
    expect(moveVertex(d, 1, [250, 120], b).points).toEqual([[100, 100], [250, 120]]);
    expect(moveVertex(d, 0, [-5, 1000], b).points[0]).toEqual([0, 399]);
    expect(moveVertex(d, 7, [1, 1], b)).toBe(d);
  });
  it('moves the whole line without changing its shape, stopping at the image border', () => {
    expect(translate(d, 10, 20, b).points).toEqual([[110, 120], [210, 120]]);
    expect(translate(d, 1000, 0, b).points).toEqual([[539, 100], [639, 100]]);
    expect(translate(d, -1000, -1000, b).points).toEqual([[0, 0], [100, 0]]);
  });
});
