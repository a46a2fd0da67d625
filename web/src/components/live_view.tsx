// The live view: the scene image as the privacy settings allow (MJPEG stream, a static snapshot or
// nothing) with a canvas on top in left rectified image pixels, on which the rules and tracks are
// drawn. Pointer positions are mapped from CSS pixels to image pixels through the canvas' box.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Privacy } from '../api';
import type { Pt } from '../drawing/shape_editor';
import { layerShapes, overlayShapes, renderShapes, type Layer, type Overlay } from '../drawing/overlay';
import { t } from '../i18n';

export type { Layer };

// A preview that failed (no image source yet: 503) is tried again after this long.
const kPreviewRetryMs = 5000;

export function toImage(e: MouseEvent, canvas: HTMLCanvasElement): Pt {
  const r = canvas.getBoundingClientRect();
  return [Math.round(((e.clientX - r.left) / r.width) * canvas.width), Math.round(((e.clientY - r.top) / r.height) * canvas.height)];
}

/** The picture under the drawings: the MJPEG stream or a snapshot (refreshed), or nothing when the
 *  privacy settings say "none". A failed picture says so and is retried. */
function Preview(props: { mode: Privacy['scene_preview'] }) {
  const [attempt, setAttempt] = useState(0);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!failed && props.mode !== 'static') return;
    // A static snapshot is refreshed now and then; a failed picture is tried again.
    const id = setTimeout(() => { setFailed(false); setAttempt(a => a + 1); }, kPreviewRetryMs);
    return () => clearTimeout(id);
  }, [failed, attempt, props.mode]);
  if (props.mode === 'none') return <div class="nopreview" data-testid="preview-none">{t('preview_none')}</div>;
  const src = props.mode === 'video' ? `${api.mjpegUrl()}?n=${attempt}` : api.snapshotUrl();
  return <>
    <img src={src} alt="" draggable={false} data-testid="preview-image" class={failed ? 'broken' : ''} onError={() => setFailed(true)} />
    {failed && <div class="nopreview" data-testid="preview-unavailable">{t('preview_unavailable')}</div>}
  </>;
}

export function LiveView(props: {
  width: number; height: number; privacy: Privacy | null; layers: Layer[];
  overlay?: Overlay | null; showPaths?: boolean;
  onMouseDown?: (p: Pt, e: MouseEvent) => void; onMouseMove?: (p: Pt, e: MouseEvent) => void;
  onMouseUp?: (p: Pt, e: MouseEvent) => void; onContextMenu?: (p: Pt) => void; children?: ComponentChildren;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    ctx.clearRect(0, 0, c.width, c.height);
    renderShapes(ctx, props.layers.flatMap(l => layerShapes(l, t('in'))));
    renderShapes(ctx, overlayShapes(props.overlay, c, { paths: props.showPaths ?? true }));
  });
  const h = (f?: (p: Pt, e: MouseEvent) => void) => (e: MouseEvent) => { if (f && canvas.current) f(toImage(e, canvas.current), e); };
  return (
    <div class="liveview" style={{ aspectRatio: `${props.width} / ${props.height}` }}>
      <Preview mode={props.privacy?.scene_preview ?? 'video'} />
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
