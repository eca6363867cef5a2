// "Horaire": a date range, daily hours and an unpaid break, days left out;
// one shift per day of the range. Builds the days to show and the API body.
import type { Schemas } from '../api/client';
import { type FormValues, str } from './forms';
import { parseTime } from './hours';

export interface ScheduleForm {
  start_date: string;
  end_date: string;
  start_time: string;
  end_time: string;
  unpaid_break_minutes: string;
  skipped_days: string[];
}

const DAY = 86_400_000;

function toUtc(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(t);
  return d.getUTCDate() === Number(m[3]) ? t : null;
}

/** Every day from start to end inclusive (`YYYY-MM-DD`), or [] when the range is invalid; at most `limit` days. */
export function daysBetween(start: string, end: string, limit = 90): string[] {
  const a = toUtc(start);
  const b = toUtc(end);
  if (a === null || b === null || b < a) return [];
  const days: string[] = [];
  for (let t = a; t <= b && days.length < limit + 1; t += DAY) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** The shifts the schedule makes: the days of the range not left out. */
export function shiftDays(form: Pick<ScheduleForm, 'start_date' | 'end_date' | 'skipped_days'>): string[] {
  const skipped = new Set(form.skipped_days);
  return daysBetween(form.start_date, form.end_date).filter((d) => !skipped.has(d));
}

/** Minutes worked per shift (end − start − break), or null when the hours do not make sense. */
export function shiftMinutes(
  form: Pick<ScheduleForm, 'start_time' | 'end_time' | 'unpaid_break_minutes'>,
): number | null {
  const s = parseTime(form.start_time);
  const e = parseTime(form.end_time);
  const br = form.unpaid_break_minutes.trim() === '' ? 0 : Number(form.unpaid_break_minutes);
  if (s === null || e === null || !Number.isInteger(br) || br < 0) return null;
  const worked = e - s - br;
  return worked > 0 ? worked : null;
}

/** The API body: skipped days outside the range are dropped. */
export function scheduleInput(form: ScheduleForm): Schemas['ScheduleInput'] {
  const range = new Set(daysBetween(form.start_date, form.end_date));
  const br = form.unpaid_break_minutes.trim();
  return {
    start_date: form.start_date || null,
    end_date: form.end_date || null,
    start_time: form.start_time || null,
    end_time: form.end_time || null,
    unpaid_break_minutes: br === '' ? 0 : Number.isFinite(Number(br)) ? Number(br) : null,
    skipped_days: form.skipped_days.filter((d) => range.has(d)).sort(),
  };
}

/** The schedule's fields of a form (named `schedule.…`) → the API body. */
export function scheduleFromValues(v: FormValues): Schemas['ScheduleInput'] {
  return scheduleInput({
    start_date: str(v['schedule.start_date']),
    end_date: str(v['schedule.end_date']),
    start_time: str(v['schedule.start_time']),
    end_time: str(v['schedule.end_time']),
    unpaid_break_minutes: str(v['schedule.unpaid_break_minutes']),
    skipped_days: (v['schedule.skipped_days'] as string[] | undefined) ?? [],
  });
}

/**
 * A schedule as the lists show it: "2027-03-01 → 2027-03-05 (07:30–16:00)",
 * or "—"; `span` writes the hours in the reader's language (i18n `formatTimeSpan`).
 */
export function period(
  schedule: Schemas['ScheduleView'] | null | undefined,
  span: (from: string, to: string) => string = (from, to) => `${from}–${to}`,
): string {
  return schedule
    ? `${schedule.start_date} → ${schedule.end_date} (${span(schedule.start_time, schedule.end_time)})`
    : '—';
}

/** The day of the week of `YYYY-MM-DD` (0 = Sunday … 6 = Saturday), or -1 when it is no date. */
export function weekdayOf(date: string): number {
  const t = toUtc(date);
  return t === null ? -1 : new Date(t).getUTCDay();
}

/**
 * Whether the last shift has ended at `now`: `from` is the API's
 * `timesheet_from`, the end of the last shift on the organisation's clock
 * (`YYYY-MM-DDTHH:MM:SS`), and `now` the time on that same clock
 * (rules/clock `nowIn`), whatever the device's own zone.
 */
export function shiftsEnded(from: string, now: string): boolean {
  const clock = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
  if (!clock.test(from) || !clock.test(now)) return true;
  const seconds = (x: string) => (x.length === 16 ? `${x}:00` : x);
  return seconds(from) <= seconds(now);
}
