// The employee space's pure rules on the portal side: which features show
// in the menu, amounts typed "12,34" → integer cents, the leave form → the
// API's body with its half days counted as the API counts them, hours typed
// "7,5" or "7:30" → minutes, a week's days, IBAN check digits (the masking
// of bank details is the API's: the portal shows its `masked`).
// No DOM here (Vitest covers it).
import type { Schemas } from '../api/client';
import type { HashScreen, ScreenId } from './routes';

export type Feature = Schemas['Feature'];
export type HalfDay = 'morning' | 'afternoon';

export type Permission = Schemas['Permission'];

/** The employee space's screens, one per feature (each under `/org/:org/space/`). */
export type SpaceScreen = Extract<
  HashScreen,
  'leave' | 'expenses' | 'hours' | 'advances' | 'profile' | 'bank' | 'documents'
>;

export interface SpaceEntry {
  feature: Feature;
  screen: SpaceScreen;
  /** The permission the feature's own operations ask of an employee. */
  permission: Permission;
}

/** The seven features in the menu's order, each with its screen. */
export const FEATURES: readonly SpaceEntry[] = [
  { feature: 'absences', screen: 'leave', permission: 'leave' },
  { feature: 'expense_notes', screen: 'expenses', permission: 'expenses' },
  { feature: 'working_hours', screen: 'hours', permission: 'own_timesheet' },
  { feature: 'advances', screen: 'advances', permission: 'advances' },
  { feature: 'personal_info', screen: 'profile', permission: 'edit_own_profile' },
  { feature: 'bank_details', screen: 'bank', permission: 'edit_own_bank_details' },
  { feature: 'documents', screen: 'documents', permission: 'documents' },
];

export interface SpaceMembership {
  status: string;
  manager: boolean;
  features: readonly Feature[];
  permissions: Record<string, readonly Permission[] | undefined>;
}

/**
 * The employee-space entries to show: the features the organisation switched
 * on (from `/me`) that the caller may use (a manager may use all; anyone
 * else needs the feature's permission at some establishment), in the
 * menu's order, for an active membership only.
 */
export function spaceMenu(m: SpaceMembership | null): SpaceEntry[] {
  if (!m || m.status !== 'active') return [];
  const on = new Set(m.features);
  const held = new Set(Object.values(m.permissions).flatMap((l) => l ?? []));
  return FEATURES.filter((f) => on.has(f.feature) && (m.manager || held.has(f.permission)));
}

/** The feature a space screen belongs to. */
export function featureOf(screen: ScreenId): Feature | null {
  return FEATURES.find((f) => f.screen === screen)?.feature ?? null;
}

export type Amount = { cents: number } | { error: 'invalid' | 'negative' | 'zero' };

/**
 * An amount typed as people write it ("12,34", "12.34", "1 234,50", "12")
 * → integer cents. At most two decimals; a minus sign is refused as
 * negative (never silently dropped), zero as zero.
 */
export function parseAmount(raw: string): Amount {
  const s = raw.replace(/[\s\u00a0\u202f]/g, '').replace(/\$$/, '');
  if (s === '') return { error: 'invalid' };
  if (/^-/.test(s)) return /^-\d+([.,]\d{1,2})?$/.test(s) ? { error: 'negative' } : { error: 'invalid' };
  const m = /^\+?(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(s);
  if (!m) return { error: 'invalid' };
  const cents = Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
  return cents === 0 ? { error: 'zero' } : { cents };
}

/** 1234 → "12,34 CAD" (fr) / "CAD 12.34" (en), as the API's emails write it. */
export function formatAmount(cents: number, currency: string, lang: 'fr' | 'en'): string {
  const sign = cents < 0 ? '-' : '';
  const a = Math.abs(cents);
  const units = Math.floor(a / 100);
  const rest = String(a % 100).padStart(2, '0');
  return lang === 'fr' ? `${sign}${units},${rest} ${currency}` : `${currency} ${sign}${units}.${rest}`;
}

function parseDate(s: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 ? d : null;
}

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

const slot = (d: Date, half: HalfDay) => (d.getTime() / 86_400_000) * 2 + (half === 'afternoon' ? 1 : 0);

/**
 * Working half days (Monday to Friday) from the start half to the end half,
 * as the API counts them; null when a date is missing or the end precedes
 * the start.
 */
export function halfDays(start: string, startHalf: HalfDay, end: string, endHalf: HalfDay): number | null {
  const a = parseDate(start);
  const b = parseDate(end);
  if (!a || !b) return null;
  const first = slot(a, startHalf);
  const last = slot(b, endHalf);
  if (last < first) return null;
  let n = 0;
  for (let d = new Date(a); d <= b; d.setUTCDate(d.getUTCDate() + 1)) {
    const wd = d.getUTCDay();
    if (wd === 0 || wd === 6) continue;
    for (const h of ['morning', 'afternoon'] as const) {
      const s = slot(d, h);
      if (s >= first && s <= last) n += 1;
    }
  }
  return n;
}

export interface LeaveForm {
  leave_type: string;
  start_date: string;
  start_half: string;
  end_date: string;
  end_half: string;
  comment: string;
  /** The bank of hours it is taken from ('' or absent: none chosen). */
  bank_id?: string;
}

export type LeaveBody = Schemas['LeaveInput'];

const half = (v: string, fallback: HalfDay): HalfDay => (v === 'morning' || v === 'afternoon' ? v : fallback);

/**
 * The leave form → the API's body. The form asks "starts in the afternoon"
 * and "ends at noon" (two checkboxes, the usual way to say half days):
 * start_half is `afternoon` when ticked, end_half `morning` when ticked.
 */
export function leaveBody(f: LeaveForm): LeaveBody {
  return {
    leave_type: (f.leave_type || null) as LeaveBody['leave_type'],
    start_date: f.start_date || null,
    start_half: half(f.start_half, 'morning'),
    end_date: f.end_date || null,
    end_half: half(f.end_half, 'afternoon'),
    bank_id: f.bank_id ? f.bank_id : null,
    comment: f.comment.trim() === '' ? null : f.comment.trim(),
  };
}

export type LeaveBank = Schemas['LeaveBank'];

/** The banks a leave of this type may be taken from (the API offers only those of a matching kind). */
export function banksFor(banks: readonly LeaveBank[], leaveType: string): LeaveBank[] {
  return banks.filter((b) => b.leave_type === leaveType);
}

export interface LeaveImpact {
  /** Minutes the leave takes. */
  minutes: number;
  /** The bank's balance now, and once the leave is approved. */
  before: number;
  after: number;
  /** It takes more than the balance. */
  exceeds: boolean;
  /** …and the organisation does not let banks go negative: the API will refuse it. */
  refused: boolean;
}

/**
 * What a leave of `n` half days takes from a balance of `balance` minutes,
 * with a working day of `dayMinutes` (as the API counts it: half a working
 * day per half day, rounded down).
 */
export function leaveImpact(n: number, dayMinutes: number, balance: number, mayGoNegative: boolean): LeaveImpact {
  const minutes = Math.floor((n * dayMinutes) / 2);
  const after = balance - minutes;
  const exceeds = minutes > balance;
  return { minutes, before: balance, after, exceeds, refused: exceeds && !mayGoNegative };
}

/** Field problems the leave form can see before sending (field → key). */
export function leaveProblems(b: LeaveBody): Record<string, 'endBeforeStart' | 'noWorkingDay'> {
  if (!b.start_date || !b.end_date) return {};
  const n = halfDays(b.start_date, b.start_half ?? 'morning', b.end_date, b.end_half ?? 'afternoon');
  if (n === null) return parseDate(b.start_date) && parseDate(b.end_date) ? { end_date: 'endBeforeStart' } : {};
  return n === 0 ? { start_date: 'noWorkingDay' } : {};
}

/** Hours typed "7,5", "7.25", "7:30", "7h30" or "" (zero) → minutes; null when unreadable or beyond 24 h. */
export function parseHours(raw: string): number | null {
  const s = raw.trim().toLowerCase().replace(/\s/g, '');
  if (s === '') return 0;
  let m = /^(\d{1,2})(?:[:h](\d{2})?)$/.exec(s);
  let minutes: number;
  if (m) {
    const mm = Number(m[2] ?? '0');
    if (mm >= 60) return null;
    minutes = Number(m[1]) * 60 + mm;
  } else {
    m = /^(\d{1,2})(?:[.,](\d{1,2}))?$/.exec(s);
    if (!m) return null;
    minutes = Math.round(Number(`${m[1]}.${m[2] ?? '0'}`) * 60);
  }
  return minutes <= 1440 ? minutes : null;
}

/** 450 → "7,50 h" (fr) / "7.50 h" (en); negative balances keep their sign. */
export function formatMinutes(minutes: number, lang: 'fr' | 'en'): string {
  const s = (minutes / 60).toFixed(2);
  return `${lang === 'fr' ? s.replace('.', ',') : s} h`;
}

/** The Monday of the week holding `date` (YYYY-MM-DD). */
export function mondayOf(date: string): string {
  const d = parseDate(date);
  if (!d) return date;
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return iso(d);
}

/** The seven days of the week starting on `monday`. */
export function weekDays(monday: string): string[] {
  const d = parseDate(monday);
  if (!d) return [];
  return Array.from({ length: 7 }, (_, i) => {
    const x = new Date(d);
    x.setUTCDate(x.getUTCDate() + i);
    return iso(x);
  });
}

/** `monday` moved by `weeks` weeks. */
export function addWeeks(monday: string, weeks: number): string {
  const d = parseDate(monday);
  if (!d) return monday;
  d.setUTCDate(d.getUTCDate() + 7 * weeks);
  return iso(d);
}

/** An IBAN as typed → its electronic form (no spaces, capitals). */
export function normaliseIban(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

/** ISO 13616: two letters, two check digits, up to 30 letters or digits, mod 97 = 1. */
export function ibanValid(raw: string): boolean {
  const iban = normaliseIban(raw);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const c of moved) {
    const v = c >= 'A' ? c.charCodeAt(0) - 55 : Number(c);
    rest = Number(`${rest}${v}`) % 97;
  }
  return rest === 1;
}

/** Canadian numbers: transit 5 digits, institution 3, account 7 to 12. */
export function canadianProblems(transit: string, institution: string, account: string): Record<string, 'digits'> {
  const out: Record<string, 'digits'> = {};
  if (!/^\d{5}$/.test(transit.trim())) out.transit = 'digits';
  if (!/^\d{3}$/.test(institution.trim())) out.institution = 'digits';
  if (!/^\d{7,12}$/.test(account.trim())) out.account = 'digits';
  return out;
}

/** A weekly threshold typed in hours ("40", "37,5") → minutes (0 to 168 h), else null. */
export function thresholdMinutes(raw: string): number | null {
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(raw.trim());
  if (!m) return null;
  const minutes = Math.round(Number(`${m[1]}.${m[2] ?? '0'}`) * 60);
  return minutes <= 168 * 60 ? minutes : null;
}

/** A leave's length unambiguously: "1,5 jour (3 demi-journées)", never "3 ½ j" (read as three and a half days). */
export function leaveLength(halfDays: number, locale: 'fr' | 'en'): string {
  const days = halfDays / 2;
  if (locale === 'en')
    return `${days} ${days === 1 ? 'day' : 'days'} (${halfDays} half ${halfDays === 1 ? 'day' : 'days'})`;
  const d = String(days).replace('.', ',');
  return `${d} ${days < 2 ? 'jour' : 'jours'} (${halfDays} ${halfDays < 2 ? 'demi-journée' : 'demi-journées'})`;
}

/** The most one movement of a bank may move (the API's limit): 2,000 h. */
export const MAX_BANK_MINUTES = 2000 * 60;

/**
 * Signed hours of a bank movement as people type them ("8", "+2,5", "-1.25",
 * "-1:30", "3h15") → minutes; null when unreadable or beyond 2,000 h. The
 * sign is kept, never dropped.
 */
export function bankMinutes(raw: string): number | null {
  const s = raw
    .trim()
    .toLowerCase()
    .replace(/^([+\-−])\s+/, '$1')
    .replace(/^−/, '-');
  const m = /^([+-]?)(\d{1,4})(?:(?:[:h](\d{2})?)|(?:[.,](\d{1,2})))?$/.exec(s);
  if (!m) return null;
  let minutes: number;
  if (m[3] !== undefined || /[:h]/.test(s)) {
    const mm = Number(m[3] ?? '0');
    if (mm >= 60) return null;
    minutes = Number(m[2]) * 60 + mm;
  } else {
    minutes = Math.round(Number(`${m[2]}.${m[4] ?? '0'}`) * 60);
  }
  if (minutes > MAX_BANK_MINUTES) return null;
  return m[1] === '-' ? -minutes : minutes;
}

/** Minutes as signed hours: 90 → "+1,50 h", -90 → "-1,50 h" (fr). */
export function formatSignedMinutes(minutes: number, lang: 'fr' | 'en'): string {
  return `${minutes > 0 ? '+' : ''}${formatMinutes(minutes, lang)}`;
}
