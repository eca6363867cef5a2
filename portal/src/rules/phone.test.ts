import { describe, expect, it } from 'vitest';
import { displayPhone } from './phone';

describe('displayPhone', () => {
  it('writes a North American number as people do', () => {
    expect(displayPhone('+15145550123')).toBe('514 555-0123');
  });
  it('keeps any other number as stored', () => {
    expect(displayPhone('+33612345678')).toBe('+33612345678');
    expect(displayPhone('')).toBe('');
  });
});
