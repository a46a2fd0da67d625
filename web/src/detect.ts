// The installation-height "Detect" button (guide 5.2, Rule Configuration): the server estimates
// the floor from the coming frames. POST /rules/detect-height?wait_s=N answers 200 {state: "ok",
// installation_height_m, confidence, ...}, 422 {state: "refused", reason, error} or, still running
// after N s, 202 {state: "detecting"}, which is then polled with GET (docs/api.md). Each answer
// also carries the depth stage's latest warnings.
import { ApiError, api } from './api';

export interface DetectResult { state: 'ok' | 'detecting' | 'refused'; height_m?: number; confidence?: number; tilt_deg?: number; reason?: string; warnings?: string[] }

const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);

/** Reads either answer shape; anything without a state or a height is "refused" with a reason. */
export function parseDetect(j: unknown): DetectResult {
  const o = (j && typeof j === 'object' ? j : {}) as Record<string, unknown>;
  const height_m = num(o.installation_height_m) ?? num(o.height_m);
  // The depth stage's latest warnings ({t_s, message}), e.g. a moved sensor or an unlimited search range.
  const warnings = Array.isArray(o.warnings)
    ? o.warnings.map(w => (w && typeof w === 'object' ? (w as Record<string, unknown>).message : undefined)).filter((m): m is string => typeof m === 'string')
    : [];
  const base = { height_m, confidence: num(o.confidence), tilt_deg: num(o.tilt_deg), reason: typeof o.reason === 'string' ? o.reason : undefined, warnings };
  if (o.state === 'detecting' || o.state === 'refused') return { ...base, state: o.state };
  if ((o.state === 'ok' || o.state === undefined) && height_m !== undefined) return { ...base, state: 'ok' };
  return { ...base, state: 'refused', reason: base.reason ?? 'no height in the answer' };
}

/** Starts a detection and polls it (every `intervalMs`, at most `polls` times) until it ends. */
export async function detectHeight(polls = 60, intervalMs = 1000, sleep = (ms: number) => new Promise(r => setTimeout(r, ms))): Promise<DetectResult> {
  // A refusal is a 422 whose error text says why.
  const ask = (f: () => Promise<unknown>) => f().then(parseDetect, (e: unknown) => {
    if (e instanceof ApiError && e.status === 422) return { state: 'refused', reason: e.message } as DetectResult;
    throw e;
  });
  let r = await ask(api.detectHeight);
  for (let i = 0; r.state === 'detecting' && i < polls; ++i) {
    await sleep(intervalMs);
    r = await ask(api.detectHeightState);
  }
  return r.state === 'detecting' ? { ...r, state: 'refused', reason: 'still detecting: the floor is not yet seen clearly' } : r;
}
