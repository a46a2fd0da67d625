// Mouse gestures on the live view turned into shape edits, as the guide describes: while drawing,
// left-click starts the shape and adds vertices and right-click finishes it; once finished, dragging
// a vertex moves it and dragging the line (or the inside of an area) moves the whole shape.
// A small state machine over pure data; each event is O(n) in the vertices (shape_editor.ts).
import { addVertex, finish, hitTest, moveVertex, translate, type Bounds, type Draft, type EditError, type Pt } from './shape_editor';

export type Drag = { type: 'vertex'; index: number } | { type: 'shape'; last: Pt } | null;

export interface Gesture { draft: Draft; drag: Drag; hover: Pt | null; error?: EditError }

export const kHitTolerance = 8;

export function startGesture(draft: Draft): Gesture {
  return { draft, drag: null, hover: null };
}

/** button: 0 = left, 2 = right (MouseEvent.button). */
export function pointerDown(g: Gesture, p: Pt, button: number, b: Bounds, tolerance = kHitTolerance): Gesture {
  if (!g.draft.done) {
    const r = button === 2 ? finish(g.draft) : button === 0 ? addVertex(g.draft, p, b) : { draft: g.draft };
    return { draft: r.draft, drag: null, hover: p, error: r.error };
  }
  if (button !== 0) return { ...g, error: undefined };
  const hit = hitTest(g.draft, p, tolerance);
  if (!hit) return { ...g, drag: null, error: undefined };
  const drag: Drag = hit.type === 'vertex' ? { type: 'vertex', index: hit.index } : { type: 'shape', last: p };
  return { ...g, drag, error: undefined };
}

export function pointerMove(g: Gesture, p: Pt, b: Bounds): Gesture {
  if (!g.drag) return { ...g, hover: p };
  if (g.drag.type === 'vertex') return { ...g, draft: moveVertex(g.draft, g.drag.index, p, b), hover: p };
  const moved = translate(g.draft, p[0] - g.drag.last[0], p[1] - g.drag.last[1], b);
  return { ...g, draft: moved, drag: { type: 'shape', last: p }, hover: p };
}

export function pointerUp(g: Gesture): Gesture {
  return { ...g, drag: null };
}

/** The draft as drawn on screen: an unfinished shape follows the pointer with a rubber-band edge. */
export function preview(g: Gesture): Draft {
  if (g.draft.done || !g.hover || g.draft.points.length === 0) return g.draft;
  return { ...g.draft, points: [...g.draft.points, g.hover] };
}
