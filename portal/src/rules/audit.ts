// The audit log as people read it: each recorded change as "field: before →
// after", values in words rather than JSON, and the CSV export's cells.
// Pure: the screen passes in how to name fields and values.

/** One changed field of an event. `before` is absent when the field was only set. */
export interface ChangeLine {
  field: string;
  before?: unknown;
  after?: unknown;
  hasBefore: boolean;
}

/** The changed fields of an event's `changes` (`{"field": {"before": …, "after": …}}`), in their order. */
export function changeLines(changes: unknown): ChangeLine[] {
  if (!changes || typeof changes !== 'object' || Array.isArray(changes)) return [];
  return Object.entries(changes as Record<string, unknown>).map(([field, value]) => {
    if (value && typeof value === 'object' && !Array.isArray(value) && ('before' in value || 'after' in value)) {
      const v = value as { before?: unknown; after?: unknown };
      return { field, before: v.before, after: v.after, hasBefore: 'before' in v };
    }
    return { field, after: value, hasBefore: false };
  });
}

export interface Words {
  /** A field's name ("status" → "Statut"), or null when unknown. */
  field: (field: string) => string | null;
  /** A value's word in a field ("active" → "Actif"), or null to show it as is. */
  value: (field: string, value: string) => string | null;
  yes: string;
  no: string;
  empty: string;
  /** Between a name and its value: " : " in French, ": " in English. */
  sep?: string;
}

/** A value in words: booleans as yes/no, lists joined, nested objects as "key: value". */
export function formatValue(field: string, value: unknown, words: Words): string {
  if (value === null || value === undefined || value === '') return words.empty;
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  if (typeof value === 'string') return words.value(field, value) ?? value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    return value.length === 0 ? words.empty : value.map((v) => formatValue(field, v, words)).join(', ');
  }
  if (typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>).map(
      ([k, v]) => `${words.field(k) ?? k}${words.sep ?? ' : '}${formatValue(k, v, words)}`,
    );
    return parts.length === 0 ? words.empty : parts.join(' ; ');
  }
  return JSON.stringify(value);
}

/** A change as one line: "Statut : Actif → Désactivé" (or "Statut : Actif" when only set). */
export function formatChange(line: ChangeLine, words: Words): string {
  const sep = words.sep ?? ' : ';
  const name = words.field(line.field) ?? line.field;
  const after = formatValue(line.field, line.after, words);
  if (!line.hasBefore) return `${name}${sep}${after}`;
  return `${name}${sep}${formatValue(line.field, line.before, words)} → ${after}`;
}

/** The first characters a spreadsheet reads as a formula (OWASP "CSV Injection"). */
const FORMULA = /^[=+\-@\t\r]/;

/** One CSV cell: neutralised against formulas, quoted when it needs to be (RFC 4180). */
export function csvCell(text: string, separator = ';'): string {
  const safe = FORMULA.test(text) ? `'${text}` : text;
  return /[",;\r\n]/.test(safe) || safe.includes(separator) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A CSV document: a byte-order mark (spreadsheets then read the accents right), CRLF line ends. */
export function csv(rows: string[][], separator = ';'): string {
  return '\uFEFF' + rows.map((r) => r.map((c) => csvCell(c, separator)).join(separator)).join('\r\n') + '\r\n';
}

/** How an action code splits for its words: `leave.submitted` → kind `leave`, verb `submitted`. */
export function actionParts(action: string): { kind: string; verb: string } {
  const dot = action.indexOf('.');
  return dot < 0 ? { kind: action, verb: '' } : { kind: action.slice(0, dot), verb: action.slice(dot + 1) };
}
