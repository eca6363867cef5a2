// Replacement workers (issue 21): a weekly maximum typed in hours, the
// installations both preferred and refused, and each reason a worker is not
// offered a request as a dictionary key with its values. Mirrors the API's
// checks so the form can say what is wrong before sending; the API stays
// the judge. No DOM here (Vitest covers it).
import type { Schemas } from '../api/client';
import { bankMinutes } from './employee';

/** The largest weekly maximum the API takes (80 h). */
export const MAX_WEEKLY_MINUTES = 80 * 60;

/** The weekdays as the API names them, with the dictionary's `wd.<n>` (Sunday 0). */
export const WEEKDAYS = [
  ['monday', 1],
  ['tuesday', 2],
  ['wednesday', 3],
  ['thursday', 4],
  ['friday', 5],
  ['saturday', 6],
  ['sunday', 0],
] as const;
export type Weekday = (typeof WEEKDAYS)[number][0];

/**
 * A weekly maximum typed in hours (`37,5`, `40`, `37:30`): minutes; `undefined`
 * when left empty (no maximum); `null` when it cannot be read or is not
 * between a minute and 80 hours.
 */
export function weeklyMaximum(raw: string): number | null | undefined {
  if (raw.trim() === '') return undefined;
  const minutes = bankMinutes(raw);
  if (minutes === null || minutes <= 0 || minutes > MAX_WEEKLY_MINUTES) return null;
  return minutes;
}

/** The installations named both preferred and refused (a contradiction said before sending). */
export function bothWays(preferred: readonly string[], refused: readonly string[]): string[] {
  return refused.filter((id) => preferred.includes(id));
}

export type Mismatch = Schemas['Mismatch'];

/** A reason's dictionary key (`match.<reason>`) and the values its text names. */
export function reasonParts(m: Mismatch): [string, Record<string, string | number>] {
  switch (m.reason) {
    case 'unavailable':
      return ['match.unavailable', { date: m.date }];
    case 'booked':
      return ['match.booked', { date: m.date }];
    case 'weekly_maximum':
      return ['match.weekly_maximum', { week: m.week, minutes: m.minutes, max: m.max_minutes }];
    default:
      return [`match.${m.reason}`, {}];
  }
}

/** The same reason on several days said once, its dates joined: "Pas disponible le 7 et le 8". */
export function groupedReasons(reasons: readonly Mismatch[]): { reason: Mismatch['reason']; dates: string[] }[] {
  const out: { reason: Mismatch['reason']; dates: string[] }[] = [];
  for (const r of reasons) {
    const date =
      r.reason === 'unavailable' || r.reason === 'booked' ? r.date : r.reason === 'weekly_maximum' ? r.week : null;
    const same = out.find((o) => o.reason === r.reason);
    if (same && date) same.dates.push(date);
    else if (!same) out.push({ reason: r.reason, dates: date ? [date] : [] });
  }
  return out;
}
