import { describe, expect, it } from 'vitest';
import { opt, str } from './forms';

describe('form values', () => {
  it('reads text trimmed, and nothing from checkboxes, groups or missing fields', () => {
    expect(str('  Dora ')).toBe('Dora');
    expect(str(true)).toBe('');
    expect(str(['a'])).toBe('');
    expect(str(undefined)).toBe('');
  });
  it('gives null for an empty optional value', () => {
    expect(opt('  ')).toBeNull();
    expect(opt(false)).toBeNull();
    expect(opt(' 514 ')).toBe('514');
  });
});
