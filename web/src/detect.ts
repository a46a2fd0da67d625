// The installation-height "Detect" button (guide 5.2, Rule Configuration): the server estimates
// the floor from the coming frames, so a request may answer at once ({height_m, confidence}) or
// report {state: "detecting"} to be polled until "ok" or "refused" (web::LiveState::floor_detection).
import { api } from './api';

export interface DetectResult { state: 'ok' | 'detecting' | 'refused'; height_m?: number; confidence?: number; tilt_deg?: number; reason?: string }

const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);

/** Reads either answer shape; anything without a state or a height is "refused" with a reason. */
export function parseDetect(j: unknown): DetectResult {
  const o = (j && typeof j === 'object' ? j : {}) as Record<string, unknown>;
  const height_m = num(o.installation_height_m) ?? num(o.height_m);
  const base = { height_m, confidence: num(o.confidence), tilt_deg: num(o.tilt_deg), reason: typeof o.reason === 'string' ? o.reason : undefined };
  if (o.state === 'detecting' || o.state === 'refused') return { ...base, state: o.state };
  if ((o.state === 'ok' || o.state === undefined) && height_m !== undefined) return { ...base, state: 'ok' };
  return { ...base, state: 'refused', reason: base.reason ?? 'no height in the answer' };
}

/** Starts a detection and polls it (every `intervalMs`, at most `polls` times) until it ends. */
export async function detectHeight(polls = 60, intervalMs = 1000, sleep = (ms: number) => new Promise(r => setTimeout(r, ms))): Promise<DetectResult> {
  let r = parseDetect(await api.detectHeight());
  for (let i = 0; r.state === 'detecting' && i < polls; ++i) {
    await sleep(intervalMs);
    r = parseDetect(await api.detectHeightState());
  }
  return r.state === 'detecting' ? { ...r, state: 'refused', reason: 'still detecting: the floor is not yet seen clearly' } : r;
}
