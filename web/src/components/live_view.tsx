// The live view: the scene image as the privacy settings allow (MJPEG stream, a static snapshot or
// nothing) with a canvas on top in left rectified image pixels, on which the rules and tracks are
// drawn. Pointer positions are mapped from CSS pixels to image pixels through the canvas' box.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { api, type Privacy } from '../api';
import { inArrow, type Draft, type Pt } from '../drawing/shape_editor';
import { t } from '../i18n';

export interface Layer { draft: Draft; color: string; label?: string; selected?: boolean; arrow?: boolean }

export function toImage(e: MouseEvent, canvas: HTMLCanvasElement): Pt {
  const r = canvas.getBoundingClientRect();
  return [Math.round(((e.clientX - r.left) / r.width) * canvas.width), Math.round(((e.clientY - r.top) / r.height) * canvas.height)];
}

function drawLayer(ctx: CanvasRenderingContext2D, l: Layer) {
  const pts = l.draft.points;
  if (!pts.length) return;
  ctx.strokeStyle = l.color;
  ctx.fillStyle = l.color;
  ctx.lineWidth = l.selected ? 3 : 2;
  ctx.beginPath();
  pts.forEach((p, i) => (i ? ctx.lineTo(p[0], p[1]) : ctx.moveTo(p[0], p[1])));
  if (l.draft.kind === 'area' && l.draft.done) ctx.closePath();
  ctx.stroke();
  if (l.draft.kind === 'area' && l.draft.done) { ctx.globalAlpha = 0.15; ctx.fill(); ctx.globalAlpha = 1; }
  for (const p of pts) { ctx.beginPath(); ctx.arc(p[0], p[1], l.selected ? 5 : 3, 0, Math.PI * 2); ctx.fill(); }
  if (l.arrow) {
    const a = inArrow(l.draft, 28);
    if (a) {
      const [fx, fy] = a.from, [tx, ty] = a.to;
      ctx.beginPath(); ctx.moveTo(fx, fy); ctx.lineTo(tx, ty); ctx.stroke();
      const ang = Math.atan2(ty - fy, tx - fx);
      ctx.beginPath();
      ctx.moveTo(tx, ty);
      ctx.lineTo(tx - 9 * Math.cos(ang - 0.45), ty - 9 * Math.sin(ang - 0.45));
      ctx.lineTo(tx - 9 * Math.cos(ang + 0.45), ty - 9 * Math.sin(ang + 0.45));
      ctx.closePath(); ctx.fill();
      ctx.font = '12px sans-serif';
      ctx.fillText(t('in'), tx + 4, ty + 4);
    }
  }
  if (l.label) { ctx.font = '13px sans-serif'; ctx.fillText(l.label, pts[0][0] + 6, pts[0][1] - 6); }
}

export function LiveView(props: {
  width: number; height: number; privacy: Privacy | null; layers: Layer[]; tracks?: Pt[][];
  onMouseDown?: (p: Pt, e: MouseEvent) => void; onMouseMove?: (p: Pt, e: MouseEvent) => void;
  onMouseUp?: (p: Pt, e: MouseEvent) => void; onContextMenu?: (p: Pt) => void; children?: ComponentChildren;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    ctx.clearRect(0, 0, c.width, c.height);
    for (const l of props.layers) drawLayer(ctx, l);
    ctx.strokeStyle = '#ffd400';
    ctx.lineWidth = 2;
    for (const tr of props.tracks ?? []) {
      ctx.beginPath();
      tr.forEach((p, i) => (i ? ctx.lineTo(p[0], p[1]) : ctx.moveTo(p[0], p[1])));
      ctx.stroke();
    }
  });
  const mode = props.privacy?.scene_preview ?? 'video';
  const src = mode === 'video' ? api.mjpegUrl() : mode === 'static' ? api.snapshotUrl() : '';
  const h = (f?: (p: Pt, e: MouseEvent) => void) => (e: MouseEvent) => { if (f && canvas.current) f(toImage(e, canvas.current), e); };
  return (
    <div class="liveview" style={{ aspectRatio: `${props.width} / ${props.height}` }}>
      {src ? <img src={src} alt="" draggable={false} onError={e => (e.target as HTMLImageElement).classList.add('broken')} /> : <div class="nopreview">{t('preview_none')}</div>}
      <canvas ref={canvas} width={props.width} height={props.height} data-testid="live-canvas"
        onMouseDown={h(props.onMouseDown)} onMouseMove={h(props.onMouseMove)} onMouseUp={h(props.onMouseUp)}
        onContextMenu={e => { e.preventDefault(); if (props.onContextMenu && canvas.current) props.onContextMenu(toImage(e, canvas.current)); }} />
      {props.children}
    </div>
  );
}

/** Sensor image size and privacy settings, needed by every live view. */
export async function loadViewSettings(): Promise<{ width: number; height: number; privacy: Privacy }> {
  const [sensor, privacy] = await Promise.all([
    api.section<{ image_width?: number; image_height?: number }>('sensor').catch(() => ({} as { image_width?: number; image_height?: number })),
    api.section<Privacy>('privacy').catch(() => ({ scene_preview: 'video', image_type: 'monochrome', resolution: 'low' } as Privacy)),
  ]);
  return { width: sensor.image_width ?? 640, height: sensor.image_height ?? 400, privacy };
}
