import { describe, expect, it } from 'vitest';
import { nowIn, todayIn, zoneDiffers } from './clock';

describe("the organisation's clock", () => {
  // 2026-12-02 03:30 UTC: still the 1st in Montréal, already the 2nd in Paris.
  const at = new Date(Date.UTC(2026, 11, 2, 3, 30, 5));
  it('gives the day where the organisation is, not where the device is', () => {
    expect(todayIn('America/Toronto', at)).toBe('2026-12-01');
    expect(todayIn('Europe/Paris', at)).toBe('2026-12-02');
    expect(todayIn('America/Vancouver', at)).toBe('2026-12-01');
  });
  it('gives the hour on that clock, comparable with the API’s times', () => {
    expect(nowIn('America/Toronto', at)).toBe('2026-12-01T22:30:05');
    expect(nowIn('UTC', at)).toBe('2026-12-02T03:30:05');
    expect(nowIn('America/Toronto', at) < '2026-12-01T23:00:00').toBe(true);
  });
  it('falls back to the device’s zone for an unknown one', () => {
    expect(todayIn('Nowhere/Atlantis', at)).toBe(todayIn(undefined, at));
  });
  it('says when the device is in another zone', () => {
    const device = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(zoneDiffers(device)).toBe(false);
    expect(zoneDiffers(device === 'Asia/Tokyo' ? 'Europe/Paris' : 'Asia/Tokyo')).toBe(true);
    expect(zoneDiffers(undefined)).toBe(false);
  });
});
