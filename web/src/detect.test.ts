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
});

describe('detectHeight', () => {
  afterEach(() => vi.unstubAllGlobals());
  const answers = (list: unknown[]) => {
    const calls: string[] = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => {
      calls.push(`${init.method} ${url}`);
      return new Response(JSON.stringify(list.shift()), { status: 200 });
    }));
    return calls;
  };
  it('starts with POST and polls with GET until the state is final', async () => {
    const calls = answers([{ state: 'detecting' }, { state: 'detecting' }, { state: 'ok', installation_height_m: 3, confidence: 0.8 }]);
    const r = await detectHeight(10, 0, async () => undefined);
    expect(r).toMatchObject({ state: 'ok', height_m: 3, confidence: 0.8 });
    expect(calls).toEqual(['POST /api/v1/rules/detect-height', 'GET /api/v1/rules/detect-height', 'GET /api/v1/rules/detect-height']);
  });
  it('gives up after the last poll with a reason', async () => {
    answers([{ state: 'detecting' }, { state: 'detecting' }, { state: 'detecting' }]);
    const r = await detectHeight(2, 0, async () => undefined);
    expect(r.state).toBe('refused');
    expect(r.reason).toMatch(/still detecting/);
  });
});
