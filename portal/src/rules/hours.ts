// Hours as the seed writes them: signed, two decimals, comma or dot
// ("-1,00", "1,00", "+0,25", "-1.00"). Mirrors the API's parse_adjustment
// so the form can say what is wrong before sending; the API stays the judge.

/** Signed minutes, or null when the text is not a valid adjustment. */
export function parseAdjustment(raw: string): number | null {
  const text = raw.trim();
  const m = /^([+-]?)(\d{1,2})(?:[.,](\d{1,2}))?$/.exec(text);
  if (!m) return null;
  const hours = Number(m[2]);
  const hundredths = m[3] ? Number(m[3].padEnd(2, '0')) : 0;
  if ((hundredths * 60) % 100 !== 0) return null;
  const minutes = hours * 60 + (hundredths * 60) / 100;
  if (minutes > 24 * 60) return null;
  return m[1] === '-' ? -minutes : minutes;
}

/** Minutes as signed hours with a comma: -60 → "-1,00", 435 → "7,25". */
export function formatHours(minutes: number, signed = false): string {
  const sign = minutes < 0 ? '-' : signed && minutes > 0 ? '+' : '';
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  const hundredths = Math.round(((abs % 60) * 100) / 60);
  return `${sign}${h},${String(hundredths).padStart(2, '0')}`;
}

/** "HH:MM" → minutes since midnight, or null. */
export function parseTime(text: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : null;
}

/** A delay as a person says it: 45 → "45 min", 90 → "1 h 30", 1500 → "1 j 1 h" (days past 24 hours). */
export function formatDelay(minutes: number, dayLetter = 'j'): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return `${m} min`;
  if (m < 24 * 60) {
    const rest = m % 60;
    return rest ? `${Math.floor(m / 60)} h ${String(rest).padStart(2, '0')}` : `${m / 60} h`;
  }
  const hours = Math.floor((m % (24 * 60)) / 60);
  return `${Math.floor(m / (24 * 60))} ${dayLetter}${hours ? ` ${hours} h` : ''}`;
}
