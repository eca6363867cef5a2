import { describe, expect, it } from 'vitest';
import { bothWays, groupedReasons, reasonParts, weeklyMaximum } from './workers';

describe('replacement workers', () => {
  it('reads a weekly maximum in hours, empty meaning none', () => {
    expect(weeklyMaximum('40')).toBe(2400);
    expect(weeklyMaximum('37,5')).toBe(2250);
    expect(weeklyMaximum('37:30')).toBe(2250);
    expect(weeklyMaximum('  ')).toBeUndefined();
    for (const bad of ['0', '-5', '81', 'beaucoup']) expect(weeklyMaximum(bad), bad).toBeNull();
  });
  it('finds the installations both preferred and refused', () => {
    expect(bothWays(['a', 'b'], ['b', 'c'])).toEqual(['b']);
    expect(bothWays(['a'], ['c'])).toEqual([]);
  });
  it('says each reason with its values, the same reason on several days once', () => {
    expect(reasonParts({ reason: 'function' })).toEqual(['match.function', {}]);
    expect(reasonParts({ reason: 'unavailable', date: '2026-12-08' })).toEqual([
      'match.unavailable',
      { date: '2026-12-08' },
    ]);
    expect(reasonParts({ reason: 'weekly_maximum', week: '2026-12-07', minutes: 2880, max_minutes: 2400 })).toEqual([
      'match.weekly_maximum',
      { week: '2026-12-07', minutes: 2880, max: 2400 },
    ]);
    expect(
      groupedReasons([
        { reason: 'unavailable', date: '2026-12-07' },
        { reason: 'unavailable', date: '2026-12-08' },
        { reason: 'qualification' },
      ]),
    ).toEqual([
      { reason: 'unavailable', dates: ['2026-12-07', '2026-12-08'] },
      { reason: 'qualification', dates: [] },
    ]);
  });
});
