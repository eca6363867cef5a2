import { describe, expect, it } from 'vitest';
import { formatDelay, formatHours, parseAdjustment, parseTime } from './hours';

describe('adjustments as the seed writes them', () => {
  it.each([
    ['-1,00', -60],
    ['1,00', 60],
    ['-1.00', -60],
    ['+0,25', 15],
    ['0,5', 30],
    ['2', 120],
    [' -0,75 ', -45],
  ])('%s → %i minutes', (raw, minutes) => expect(parseAdjustment(raw)).toBe(minutes));
  it.each(['', 'abc', '1h', '0,01', '-1,005', '1,2,3', '25,00', '--1'])('refuses %j', (raw) =>
    expect(parseAdjustment(raw)).toBeNull(),
  );
  it('formats minutes back', () => {
    expect(formatHours(-60)).toBe('-1,00');
    expect(formatHours(435)).toBe('7,25');
    expect(formatHours(15, true)).toBe('+0,25');
    expect(parseTime('07:30')).toBe(450);
    expect(parseTime('24:00')).toBeNull();
  });
});

describe('a delay as a person says it', () => {
  it.each([
    [0, '0 min'],
    [45, '45 min'],
    [60, '1 h'],
    [90, '1 h 30'],
    [65, '1 h 05'],
    [24 * 60, '1 j'],
    [25 * 60 + 10, '1 j 1 h'],
  ])('%i minutes → %s', (minutes, said) => expect(formatDelay(minutes)).toBe(said));
  it('says days in English with a d', () => expect(formatDelay(3 * 24 * 60, 'd')).toBe('3 d'));
});
