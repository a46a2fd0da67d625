import { describe, expect, it } from 'vitest';
import { pointerDown, pointerMove, pointerUp, preview, startGesture } from './interaction';
import { newDraft, type Pt } from './shape_editor';

const b = { width: 640, height: 400 };

describe('drawing with the mouse', () => {
  it('left-clicks add vertices, right-click finishes', () => {
    let g = startGesture(newDraft('line'));
    for (const p of [[100, 100], [200, 100], [200, 200]] as Pt[]) g = pointerUp(pointerDown(g, p, 0, b));
    expect(g.draft.points).toHaveLength(3);
    g = pointerMove(g, [250, 250], b);
    expect(preview(g).points).toHaveLength(4); // rubber band to the pointer
    g = pointerDown(g, [250, 250], 2, b);
    expect(g.draft.done).toBe(true);
    expect(g.draft.points).toHaveLength(3);
    expect(preview(g).points).toHaveLength(3);
  });
  it('reports the segment limit and a right-click too early', () => {
    let g = startGesture(newDraft('line'));
    g = pointerDown(g, [10, 10], 2, b);
    expect(g.error).toBe('too_few_points');
    for (let i = 0; i < 6; ++i) g = pointerDown(g, [10 + 30 * i, 10], 0, b);
    expect(g.error).toBe('max_segments');
    expect(g.draft.points).toHaveLength(5);
  });
});

describe('dragging a finished line', () => {
  const done = newDraft('line', [[100, 100], [200, 100]]);
  it('drags a vertex', () => {
    let g = pointerDown(startGesture(done), [201, 101], 0, b);
    expect(g.drag).toEqual({ type: 'vertex', index: 1 });
    g = pointerUp(pointerMove(g, [220, 150], b));
    expect(g.draft.points).toEqual([[100, 100], [220, 150]]);
    expect(pointerMove(g, [0, 0], b).draft).toEqual(g.draft); // no drag after mouse up
  });
  it('drags the whole line by its segment', () => {
    let g = pointerDown(startGesture(done), [150, 102], 0, b);
    expect(g.drag?.type).toBe('shape');
    g = pointerMove(g, [160, 112], b);
    g = pointerMove(g, [170, 122], b);
    expect(pointerUp(g).draft.points).toEqual([[120, 120], [220, 120]]);
  });
  it('a click away from the line starts no drag', () => {
    expect(pointerDown(startGesture(done), [400, 300], 0, b).drag).toBeNull();
  });
});
