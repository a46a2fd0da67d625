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
