// The organisation's clock: what day and hour it is where the organisation
// is (its IANA time zone), whatever the device's own zone. Times the API
// gives on the organisation's clock (`YYYY-MM-DDTHH:MM:SS`, no offset) are
// compared with these, as text.

function parts(zone: string | undefined, now: Date): Record<string, string> {
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  };
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-CA', zone ? { ...options, timeZone: zone } : options);
  } catch {
    // An unknown zone: the device's own.
    format = new Intl.DateTimeFormat('en-CA', options);
  }
  return Object.fromEntries(format.formatToParts(now).map((p) => [p.type, p.value]));
}

/** Today where the organisation is: `YYYY-MM-DD`. */
export function todayIn(zone: string | undefined, now = new Date()): string {
  const p = parts(zone, now);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Now on the organisation's clock: `YYYY-MM-DDTHH:MM:SS`. */
export function nowIn(zone: string | undefined, now = new Date()): string {
  const p = parts(zone, now);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

/** Whether times shown in `zone` need its name: the device is elsewhere. */
export function zoneDiffers(zone: string | undefined): boolean {
  if (!zone) return false;
  try {
    return new Intl.DateTimeFormat().resolvedOptions().timeZone !== zone;
  } catch {
    return false;
  }
}
