import { describe, expect, it } from 'vitest';
import { pagesFor, resolvePage } from './routes';

describe('roles', () => {
  it('a viewer sees only Dashboard and Report', () => {
    expect(pagesFor('viewer')).toEqual(['dashboard', 'report']);
    expect(resolvePage('#/rule', 'viewer')).toBe('dashboard');
    expect(resolvePage('#/system', 'viewer')).toBe('dashboard');
    expect(resolvePage('#/report', 'viewer')).toBe('report');
  });
  it('an admin sees every page', () => {
    expect(pagesFor('admin')).toHaveLength(6);
    expect(resolvePage('#/rule', 'admin')).toBe('rule');
    expect(resolvePage('', 'admin')).toBe('dashboard');
  });
});

describe('CSRF token', async () => {
  const { csrfToken } = await import('./api');
  it('is read from the hc_csrf cookie', () => {
    expect(csrfToken('a=1; hc_csrf=abc%3D; b=2')).toBe('abc=');
    expect(csrfToken('hc_csrf=xyz')).toBe('xyz');
    expect(csrfToken('hc_csrfx=1; other=2')).toBe('');
  });
});
