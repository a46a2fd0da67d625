import { afterEach, describe, expect, it, vi } from 'vitest';
import { detectHeight, parseDetect } from './detect';

describe('installation height detection answers', () => {
  it('reads the immediate answer and the polled state', () => {
    expect(parseDetect({ height_m: 3.1, confidence: 0.9 })).toMatchObject({ state: 'ok', height_m: 3.1, confidence: 0.9 });
    expect(parseDetect({ state: 'ok', installation_height_m: 2.8, tilt_deg: 1.5, confidence: 0.7 })).toMatchObject({ state: 'ok', height_m: 2.8, tilt_deg: 1.5 });
    expect(parseDetect({ state: 'detecting' }).state).toBe('detecting');
    expect(parseDetect({ state: 'refused', reason: 'no floor' })).toMatchObject({ state: 'refused', reason: 'no floor' });
    expect(parseDetect({ state: 'ok' })).toMatchObject({ state: 'refused', reason: 'no height in the answer' });
    expect(parseDetect(null).state).toBe('refused');
  });
  it('reads the depth stage warnings and ignores malformed ones', () => {
    const r = parseDetect({ state: 'ok', installation_height_m: 3, warnings: [{ t_s: 1, message: 'sensor moved: height 3.00 -> 3.30 m' }, { t_s: 2 }, 'x'] });
    expect(r.warnings).toEqual(['sensor moved: height 3.00 -> 3.30 m']);
    expect(parseDetect({ state: 'detecting' }).warnings).toEqual([]);
  });
});

describe('detectHeight', () => {
  afterEach(() => vi.unstubAllGlobals());
  const answers = (list: unknown[]) => {
    const calls: string[] = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => {
      calls.push(`${init.method} ${url}`);
      const [status, body] = list.shift() as [number, unknown];
      return new Response(JSON.stringify(body), { status });
    }));
    return calls;
  };
  it('starts with POST and polls with GET until the state is final', async () => {
    const calls = answers([[202, { state: 'detecting' }], [200, { state: 'detecting' }], [200, { state: 'ok', installation_height_m: 3, confidence: 0.8 }]]);
    const r = await detectHeight(10, 0, async () => undefined);
    expect(r).toMatchObject({ state: 'ok', height_m: 3, confidence: 0.8 });
    expect(calls).toEqual(['POST /api/v1/rules/detect-height?wait_s=10', 'GET /api/v1/rules/detect-height', 'GET /api/v1/rules/detect-height']);
  });
  it('gives up after the last poll with a reason', async () => {
    answers([[202, { state: 'detecting' }], [200, { state: 'detecting' }], [200, { state: 'detecting' }]]);
    const r = await detectHeight(2, 0, async () => undefined);
    expect(r.state).toBe('refused');
    expect(r.reason).toMatch(/still detecting/);
  });
  it('a 422 is a refusal with the server\'s reason', async () => {
    answers([[422, { state: 'refused', reason: 'no floor plane', error: 'floor detection refused: no floor plane' }]]);
    expect(await detectHeight(2, 0, async () => undefined)).toEqual({ state: 'refused', reason: 'floor detection refused: no floor plane' });
  });
  it('a missing route is an error for the page to describe', async () => {
    answers([[404, { error: 'no such API route' }]]);
    await expect(detectHeight(2, 0, async () => undefined)).rejects.toMatchObject({ status: 404 });
  });
});
