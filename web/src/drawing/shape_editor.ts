// Editing model for the shapes drawn on the live view: detection lines (open polylines of at most
// 4 segments), U-turn areas and regions (closed polygons of at most 10 edges). Pure functions on
// plain data so the canvas component stays thin and the rules are unit-tested. Every operation is
// O(n) in the number of vertices (n <= 10). Coordinates are left rectified image pixels, y down,
// as in the configuration document (config/schema.json: rules.lines[].points).

export type Pt = [number, number];
export type ShapeKind = 'line' | 'area';

export interface Limits {
  /** Most segments (line) or edges (area) a shape may have. */
  maxSegments: number;
}

export const kLineLimits: Limits = { maxSegments: 4 };
export const kAreaLimits: Limits = { maxSegments: 10 };
export const kMaxLines = 4;
export const kMaxRegions = 4;

export interface Bounds { width: number; height: number }

/** A shape being drawn or edited. `done` turns true on right-click. */
export interface Draft {
  kind: ShapeKind;
  points: Pt[];
  done: boolean;
}

export type EditError = 'max_segments' | 'too_few_points' | 'already_done' | 'duplicate_point';

export interface EditResult { draft: Draft; error?: EditError }

export function newDraft(kind: ShapeKind, points: Pt[] = []): Draft {
  return { kind, points: points.map(p => [p[0], p[1]] as Pt), done: points.length > 0 };
}

function limitsOf(kind: ShapeKind): Limits {
  return kind === 'line' ? kLineLimits : kAreaLimits;
}

/** Most vertices: a polyline of n segments has n + 1, a polygon of n edges has n. */
export function maxVertices(kind: ShapeKind): number {
  const s = limitsOf(kind).maxSegments;
  return kind === 'line' ? s + 1 : s;
}

export function clampPoint(p: Pt, b: Bounds): Pt {
  return [Math.min(Math.max(p[0], 0), b.width - 1), Math.min(Math.max(p[1], 0), b.height - 1)];
}

/** Left-click while drawing: start the shape or add a vertex, refusing past the segment limit. */
export function addVertex(d: Draft, p: Pt, b: Bounds): EditResult {
  if (d.done) return { draft: d, error: 'already_done' };
  const q = clampPoint(p, b);
  const last = d.points[d.points.length - 1];
  if (last && last[0] === q[0] && last[1] === q[1]) return { draft: d, error: 'duplicate_point' };
  if (d.points.length >= maxVertices(d.kind)) return { draft: d, error: 'max_segments' };
  return { draft: { ...d, points: [...d.points, q] } };
}

/** Right-click: finish. A line needs 2 vertices, an area 3. */
export function finish(d: Draft): EditResult {
  if (d.done) return { draft: d, error: 'already_done' };
  const need = d.kind === 'line' ? 2 : 3;
  if (d.points.length < need) return { draft: d, error: 'too_few_points' };
  return { draft: { ...d, done: true } };
}

/** "Clear this line/area": back to an empty shape that is being drawn. */
export function clear(d: Draft): Draft {
  return { kind: d.kind, points: [], done: false };
}

/** "Flip direction": reversing the drawing order swaps the in and out sides. */
export function flip(d: Draft): Draft {
  return { ...d, points: [...d.points].reverse() };
}

export type Hit =
  | { type: 'vertex'; index: number }
  | { type: 'segment'; index: number }
  | { type: 'inside' };

function distToSegment(p: Pt, a: Pt, b: Pt): number {
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

export function segmentsOf(d: Draft): [Pt, Pt][] {
  const s: [Pt, Pt][] = [];
  for (let i = 0; i + 1 < d.points.length; ++i) s.push([d.points[i], d.points[i + 1]]);
  if (d.kind === 'area' && d.done && d.points.length >= 3) s.push([d.points[d.points.length - 1], d.points[0]]);
  return s;
}

/** Even-odd ray casting. */
export function pointInPolygon(p: Pt, poly: Pt[]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i], [xj, yj] = poly[j];
    if ((yi > p[1]) !== (yj > p[1]) && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** What the pointer is on: a vertex wins over a segment, a segment over an area's inside. */
export function hitTest(d: Draft, p: Pt, tolerance: number): Hit | null {
  let best = -1, bestD = Infinity;
  d.points.forEach((v, i) => {
    const dist = Math.hypot(v[0] - p[0], v[1] - p[1]);
    if (dist <= tolerance && dist < bestD) { best = i; bestD = dist; }
  });
  if (best >= 0) return { type: 'vertex', index: best };
  const segs = segmentsOf(d);
  for (let i = 0; i < segs.length; ++i) {
    if (distToSegment(p, segs[i][0], segs[i][1]) <= tolerance) return { type: 'segment', index: i };
  }
  if (d.kind === 'area' && d.done && d.points.length >= 3 && pointInPolygon(p, d.points)) return { type: 'inside' };
  return null;
}

/** Drag one vertex, kept inside the image. */
export function moveVertex(d: Draft, index: number, p: Pt, b: Bounds): Draft {
  if (index < 0 || index >= d.points.length) return d;
  const points = d.points.map((v, i) => (i === index ? clampPoint(p, b) : v));
  return { ...d, points };
}

/** Drag the whole shape by (dx, dy); the shift is limited so that no vertex leaves the image. */
export function translate(d: Draft, dx: number, dy: number, b: Bounds): Draft {
  if (d.points.length === 0) return d;
  const xs = d.points.map(p => p[0]), ys = d.points.map(p => p[1]);
  const cdx = Math.min(Math.max(dx, -Math.min(...xs)), b.width - 1 - Math.max(...xs));
  const cdy = Math.min(Math.max(dy, -Math.min(...ys)), b.height - 1 - Math.max(...ys));
  return { ...d, points: d.points.map(p => [p[0] + cdx, p[1] + cdy] as Pt) };
}

/**
 * The "in" arrow of a line: anchored at the middle of its middle segment, pointing to the right of
 * the drawing direction as seen on screen (image y points down, so the right-hand normal of
 * (dx, dy) is (-dy, dx)). Crossing from the left side to the right side counts as IN.
 */
export function inArrow(d: Draft, length = 30): { from: Pt; to: Pt } | null {
  if (d.points.length < 2) return null;
  const k = Math.floor((d.points.length - 2) / 2);
  const a = d.points[k], b = d.points[k + 1];
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const n = Math.hypot(dx, dy);
  if (n === 0) return null;
  const mid: Pt = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  return { from: mid, to: [mid[0] + (-dy / n) * length, mid[1] + (dx / n) * length] };
}

/** Signed side of p relative to the line, positive on the IN (right-hand, screen) side. */
export function sideOf(d: Draft, p: Pt): number {
  let best = Infinity, sign = 0;
  for (const [a, b] of segmentsOf(d)) {
    const dist = distToSegment(p, a, b);
    if (dist < best) {
      best = dist;
      const cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
      sign = Math.sign(cross);
    }
  }
  return sign;
}
