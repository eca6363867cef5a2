// A form's values as widgets/forms.ts reads them (text fields and radios:
// strings; single checkboxes: booleans; checkbox groups: arrays), and the
// readers screens build API bodies with. No DOM here (Vitest covers it).

export type FormValues = Record<string, string | boolean | string[]>;

/** A text value, trimmed ('' for a checkbox, a group or a missing field). */
export function str(v: FormValues[string] | undefined): string {
  return typeof v === 'string' ? v.trim() : '';
}

/** A text value, trimmed, or null when empty. */
export function opt(v: FormValues[string] | undefined): string | null {
  const s = str(v);
  return s === '' ? null : s;
}
