import { describe, expect, it } from 'vitest';
import { ApiError, describeError, isMissingRoute } from './api';

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
