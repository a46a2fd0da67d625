// What the live view draws over the preview, as a list of plain shapes (polylines, polygons,
// circles, text) in canvas pixels: the rules' lines (with the "In" arrow), U-turn areas and regions,
// and the SSE "overlay" of the latest frame (tracks with ids, paths and heads; head detections).
// Building the list is pure and unit-tested; `renderShapes` only replays it on a 2-D context.
// O(total vertices). Overlay pixels are in the server's preview image (width x height) and are
// scaled to the canvas, whose size is the sensor image size (they normally agree).
import { inArrow, type Draft, type Pt } from './shape_editor';

export interface OverlayTrack {
  id: number; u: number; v: number; x_m?: number; y_m?: number; stature_m?: number;
  child?: boolean; gender?: string; path: Pt[];
}
export interface OverlayDetection { u: number; v: number; height_m?: number }
export interface Overlay {
  frame_index: number; t_s?: number; width?: number; height?: number;
  tracks: OverlayTrack[]; detections?: OverlayDetection[];
}

export type Shape =
  | { kind: 'polyline'; points: Pt[]; closed: boolean; color: string; width: number; fillAlpha?: number }
  | { kind: 'polygon'; points: Pt[]; color: string } // filled, e.g. an arrow head
  | { kind: 'circle'; center: Pt; radius: number; color: string; fill: boolean }
  | { kind: 'text'; at: Pt; text: string; color: string; size: number };

export interface Layer { draft: Draft; color: string; label?: string; selected?: boolean; arrow?: boolean }

const kArrowLength = 28;
const kArrowHead = 9;
// Track colours cycle by id so one person keeps one colour from frame to frame.
export const kTrackColors = ['#ffd400', '#ff5ad9', '#00e5ff', '#9dff00', '#ff8a3d', '#b48cff'];
export const kDetectionColor = '#ffffff';

export function trackColor(id: number): string {
  return kTrackColors[((id % kTrackColors.length) + kTrackColors.length) % kTrackColors.length];
}

/** A drawn rule shape: its outline (closed and lightly filled when it is a finished area),
 *  its vertices, the "In" arrow of a line and its name. */
export function layerShapes(l: Layer, inLabel: string): Shape[] {
  const pts = l.draft.points;
  if (!pts.length) return [];
  const area = l.draft.kind === 'area' && l.draft.done;
  const out: Shape[] = [{ kind: 'polyline', points: pts, closed: area, color: l.color, width: l.selected ? 3 : 2, fillAlpha: area ? 0.15 : undefined }];
  for (const p of pts) out.push({ kind: 'circle', center: p, radius: l.selected ? 5 : 3, color: l.color, fill: true });
  const a = l.arrow ? inArrow(l.draft, kArrowLength) : null;
  if (a) {
    const [fx, fy] = a.from, [tx, ty] = a.to;
    const ang = Math.atan2(ty - fy, tx - fx);
    out.push({ kind: 'polyline', points: [a.from, a.to], closed: false, color: l.color, width: 2 });
    out.push({ kind: 'polygon', color: l.color, points: [a.to,
      [tx - kArrowHead * Math.cos(ang - 0.45), ty - kArrowHead * Math.sin(ang - 0.45)],
      [tx - kArrowHead * Math.cos(ang + 0.45), ty - kArrowHead * Math.sin(ang + 0.45)]] });
    out.push({ kind: 'text', at: [tx + 4, ty + 4], text: inLabel, color: l.color, size: 12 });
  }
  if (l.label) out.push({ kind: 'text', at: [pts[0][0] + 6, pts[0][1] - 6], text: l.label, color: l.color, size: 13 });
  return out;
}

/** The label of a track: its id, then what the counter knows of the person. */
export function trackLabel(tr: OverlayTrack): string {
  const parts = [`#${tr.id}`];
  if (typeof tr.stature_m === 'number' && tr.stature_m > 0) parts.push(`${tr.stature_m.toFixed(2)} m`);
  if (tr.child) parts.push('child');
  if (tr.gender === 'male' || tr.gender === 'female') parts.push(tr.gender === 'male' ? 'M' : 'F');
  return parts.join(' ');
}

function finite(n: unknown): n is number { return typeof n === 'number' && Number.isFinite(n); }

/** The tracks (path, head, label) and head detections of one overlay frame, in canvas pixels.
 *  `paths` false leaves out the tracking lines but keeps heads and ids. Malformed entries (no
 *  numeric position) are skipped rather than drawn at the origin. */
export function overlayShapes(o: Overlay | null | undefined, canvas: { width: number; height: number }, opts: { paths: boolean } = { paths: true }): Shape[] {
  if (!o || !Array.isArray(o.tracks)) return [];
  const sx = finite(o.width) && o.width > 0 ? canvas.width / o.width : 1;
  const sy = finite(o.height) && o.height > 0 ? canvas.height / o.height : 1;
  const at = (u: number, v: number): Pt => [u * sx, v * sy];
  const out: Shape[] = [];
  for (const d of o.detections ?? []) {
    if (!finite(d.u) || !finite(d.v)) continue;
    out.push({ kind: 'circle', center: at(d.u, d.v), radius: 7, color: kDetectionColor, fill: false });
  }
  for (const tr of o.tracks) {
    if (!finite(tr.u) || !finite(tr.v)) continue;
    const color = trackColor(tr.id);
    const path = (tr.path ?? []).filter(p => finite(p[0]) && finite(p[1])).map(p => at(p[0], p[1]));
    if (opts.paths && path.length >= 2) out.push({ kind: 'polyline', points: path, closed: false, color, width: 2 });
    const head = at(tr.u, tr.v);
    out.push({ kind: 'circle', center: head, radius: 5, color, fill: true });
    out.push({ kind: 'text', at: [head[0] + 8, head[1] - 8], text: trackLabel(tr), color, size: 12 });
  }
  return out;
}

/** Replays shapes on a canvas context. */
export function renderShapes(ctx: CanvasRenderingContext2D, shapes: Shape[]): void {
  for (const s of shapes) {
    ctx.strokeStyle = s.color;
    ctx.fillStyle = s.color;
    if (s.kind === 'polyline' || s.kind === 'polygon') {
      ctx.beginPath();
      s.points.forEach((p, i) => (i ? ctx.lineTo(p[0], p[1]) : ctx.moveTo(p[0], p[1])));
      if (s.kind === 'polygon') { ctx.closePath(); ctx.fill(); continue; }
      ctx.lineWidth = s.width;
      if (s.closed) ctx.closePath();
      ctx.stroke();
      if (s.fillAlpha !== undefined) { ctx.globalAlpha = s.fillAlpha; ctx.fill(); ctx.globalAlpha = 1; }
    } else if (s.kind === 'circle') {
      ctx.beginPath();
      ctx.arc(s.center[0], s.center[1], s.radius, 0, Math.PI * 2);
      if (s.fill) ctx.fill(); else { ctx.lineWidth = 2; ctx.stroke(); }
    } else {
      ctx.font = `${s.size}px sans-serif`;
      ctx.fillText(s.text, s.at[0], s.at[1]);
    }
  }
}
