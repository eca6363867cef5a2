import { describe, expect, it } from 'vitest';
import {
  daysBetween,
  period,
  scheduleFromValues,
  scheduleInput,
  shiftDays,
  shiftMinutes,
  shiftsEnded,
  weekdayOf,
} from './schedule';
import { nowIn } from './clock';

describe('schedule ("Horaire")', () => {
  it('makes one shift per day of the range, days left out', () => {
    expect(daysBetween('2027-02-27', '2027-03-02')).toEqual(['2027-02-27', '2027-02-28', '2027-03-01', '2027-03-02']);
    expect(daysBetween('2027-03-02', '2027-03-01')).toEqual([]);
    expect(daysBetween('2027-02-30', '2027-03-01')).toEqual([]);
    expect(shiftDays({ start_date: '2027-03-01', end_date: '2027-03-03', skipped_days: ['2027-03-02'] })).toEqual([
      '2027-03-01',
      '2027-03-03',
    ]);
  });
  it('counts worked minutes and builds the API body', () => {
    expect(shiftMinutes({ start_time: '07:30', end_time: '16:00', unpaid_break_minutes: '30' })).toBe(480);
    expect(shiftMinutes({ start_time: '16:00', end_time: '07:30', unpaid_break_minutes: '0' })).toBeNull();
    expect(
      scheduleInput({
        start_date: '2027-03-01',
        end_date: '2027-03-03',
        start_time: '07:30',
        end_time: '16:00',
        unpaid_break_minutes: '',
        skipped_days: ['2027-03-09', '2027-03-02'],
      }),
    ).toEqual({
      start_date: '2027-03-01',
      end_date: '2027-03-03',
      start_time: '07:30',
      end_time: '16:00',
      unpaid_break_minutes: 0,
      skipped_days: ['2027-03-02'],
    });
  });
});

describe('the schedule on a form and in the lists', () => {
  it('reads the schedule.… fields of a form', () => {
    expect(
      scheduleFromValues({
        'schedule.start_date': '2027-03-01',
        'schedule.end_date': ' 2027-03-03 ',
        'schedule.start_time': '07:30',
        'schedule.end_time': '16:00',
        'schedule.unpaid_break_minutes': '30',
        'schedule.skipped_days': ['2027-03-02'],
        task: 'x',
      }),
    ).toEqual({
      start_date: '2027-03-01',
      end_date: '2027-03-03',
      start_time: '07:30',
      end_time: '16:00',
      unpaid_break_minutes: 30,
      skipped_days: ['2027-03-02'],
    });
    expect(scheduleFromValues({}).skipped_days).toEqual([]);
  });
  it('shows the period, or a dash without a schedule', () => {
    const s = {
      start_date: '2027-03-01',
      end_date: '2027-03-05',
      start_time: '07:30',
      end_time: '16:00',
      unpaid_break_minutes: 30,
      skipped_days: [],
      shifts: 5,
      days: ['2027-03-01', '2027-03-02', '2027-03-03', '2027-03-04', '2027-03-05'],
    };
    expect(period(s)).toBe('2027-03-01 → 2027-03-05 (07:30–16:00)');
    expect(period(s, (a, b) => `${a} à ${b}`)).toBe('2027-03-01 → 2027-03-05 (07:30 à 16:00)');
    expect(period(null)).toBe('—');
  });
});

describe('the worker’s shift days', () => {
  it('names the day of the week', () => {
    expect(weekdayOf('2026-12-07')).toBe(1);
    expect(weekdayOf('2026-12-13')).toBe(0);
    expect(weekdayOf('2026-02-30')).toBe(-1);
  });
  it('opens the hours once the last shift has ended', () => {
    expect(shiftsEnded('2026-12-11T16:00:00', '2026-12-02T09:00:00')).toBe(false);
    expect(shiftsEnded('2026-12-11T16:00:00', '2026-12-11T15:59:59')).toBe(false);
    expect(shiftsEnded('2026-12-11T16:00:00', '2026-12-11T16:00:00')).toBe(true);
    expect(shiftsEnded('2026-12-11T16:00', '2026-12-11T16:00:01')).toBe(true);
    // Where the worker's phone is does not matter: both are on the organisation's clock.
    expect(shiftsEnded('2026-12-11T16:00:00', nowIn('America/Toronto', new Date(Date.UTC(2026, 11, 11, 20, 59))))).toBe(
      false,
    );
    expect(shiftsEnded('2026-12-11T16:00:00', nowIn('America/Toronto', new Date(Date.UTC(2026, 11, 11, 21, 0))))).toBe(
      true,
    );
  });
});
