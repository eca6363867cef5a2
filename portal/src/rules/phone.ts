// Phone numbers as people read them: a North American number (+1) as
// "514 555-0123", any other as stored (E.164, e.g. +33612345678).

/** The number as a daycare's staff would write it. */
export function displayPhone(e164: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `${m[1]} ${m[2]}-${m[3]}` : e164;
}
