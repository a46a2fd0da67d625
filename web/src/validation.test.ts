import { describe, expect, it } from 'vitest';
import { checkClock, checkNumber, checkPassword, checkUrl, fieldSpec, validateSection } from './validation';

describe('password rules (guide: 8-16 characters, two kinds)', () => {
  it('accepts a valid password', () => expect(checkPassword('abcd1234', 'abcd1234').ok).toBe(true));
  it('rejects short, long, single-kind and mismatched passwords', () => {
    expect(checkPassword('ab12', 'ab12').length).toBe(false);
    expect(checkPassword('abcdefgh12345678X', 'abcdefgh12345678X').length).toBe(false);
    expect(checkPassword('abcdefgh', 'abcdefgh').types).toBe(false);
    expect(checkPassword('ABCDefgh', 'ABCDefgh').types).toBe(true);
    expect(checkPassword('abcd1234', 'abcd1235').match).toBe(false);
    expect(checkPassword('', '').ok).toBe(false);
  });
});

describe('schema ranges', () => {
  it('reads ranges and enums from config/schema.json', () => {
    expect(fieldSpec('rules.installation_height_m')).toMatchObject({ minimum: 2.2, maximum: 6 });
    expect(fieldSpec('rules.lines')?.maxItems).toBe(4);
    expect(fieldSpec('rules.regions[].dwell_time.min_dwell_time_s')?.maximum).toBe(3600);
    expect(fieldSpec('privacy.scene_preview')?.enum).toEqual(['video', 'static', 'none']);
    expect(fieldSpec('nope.nothing')).toBeUndefined();
  });
  it('checks numbers against their range and type', () => {
    expect(checkNumber('rules.installation_height_m', 3)).toBeNull();
    expect(checkNumber('rules.installation_height_m', 1)).toMatch(/between 2.2 and 6/);
    expect(checkNumber('image.sensitivity', 4.5)).toMatch(/whole/);
    expect(checkNumber('image.sensitivity', NaN)).toMatch(/not a number/);
  });
  it('validates a whole section', () => {
    expect(validateSection('image', { sensitivity: 9, target_brightness: 50 })).toEqual(['image.sensitivity: must be between 1 and 7']);
    expect(validateSection('rules', { regions: [{ people_counting: { pass_by_filtering_s: 4000 } }] })).toHaveLength(1);
  });
});

describe('small formats', () => {
  it('clock', () => {
    expect(checkClock('00:00')).toBe(true);
    expect(checkClock('23:59')).toBe(true);
    expect(checkClock('24:00')).toBe(false);
    expect(checkClock('7:00')).toBe(false);
  });
  it('url', () => {
    expect(checkUrl('http://127.0.0.1:8080/x')).toBe(true);
    expect(checkUrl('ftp://x')).toBe(false);
    expect(checkUrl('not a url')).toBe(false);
  });
});
