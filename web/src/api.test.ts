import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, describeError, isMissingRoute } from './api';

describe('missing routes', () => {
  it('are told apart from real 404 answers', () => {
    expect(isMissingRoute(new ApiError(404, 'no such API route'))).toBe(true);
    expect(isMissingRoute(new ApiError(404, '404 Not Found'))).toBe(true);
    expect(isMissingRoute(new ApiError(405, '405 Method Not Allowed'))).toBe(true);
    expect(isMissingRoute(new ApiError(404, 'no configuration section x'))).toBe(false);
    expect(isMissingRoute(new ApiError(503, 'no image source'))).toBe(false);
    expect(isMissingRoute(new Error('404 Not Found'))).toBe(false);
  });
  it('are described by the feature they would serve', () => {
    expect(describeError(new ApiError(404, 'no such API route'), 'Report')).toBe('Report: not available in this server version');
    expect(describeError(new ApiError(400, 'from: must be before to'), 'Report')).toBe('from: must be before to');
  });
});

describe('upgrade', () => {
  afterEach(() => vi.unstubAllGlobals());
  it('posts the package and its signature as multipart fields; a refusal is an error with the reason', async () => {
    let sent: FormData | null = null;
    vi.stubGlobal('fetch', vi.fn(async (_url: string, init: RequestInit) => {
      sent = init.body as FormData;
      return new Response(JSON.stringify({ error: 'upgrade refused: bad signature; nothing changed' }), { status: 400 });
    }));
    await expect(api.upgrade(new File(['pkg'], 'a.tar.gz'), new File(['sig'], 'a.tar.gz.sig'))).rejects.toThrow('upgrade refused: bad signature; nothing changed');
    expect((sent!.get('package') as File).name).toBe('a.tar.gz');
    expect((sent!.get('signature') as File).name).toBe('a.tar.gz.sig');
  });
});
