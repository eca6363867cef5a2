// The session kept in localStorage (so a link opened in a new tab stays
// signed in): the access token with its expiry, read from the token's own
// `exp` claim (decoded, not verified: the API verifies every request). A
// stored session past its expiry, or unreadable, gives no token; one past
// its expiry still tells that a refresh may renew it (the refresh token
// itself is in an HttpOnly cookie no script reads). No DOM here (Vitest
// covers it).

export interface StoredSession {
  token: string;
  /** Milliseconds since the epoch. */
  expires: number;
  /** When it was received (milliseconds), for the refresh's margin. */
  issued?: number;
}

/** A JWT's `exp` in milliseconds, or null when the token carries none. */
export function tokenExpiry(token: string): number | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(
      part
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(part.length / 4) * 4, '='),
    );
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/** Without an `exp`, a session lasts an hour (Cognito's access tokens' default). */
export const FALLBACK_MS = 60 * 60 * 1000;

/** What to store for a token received at `now`. */
export function sessionOf(token: string, now: number): StoredSession {
  return { token, expires: tokenExpiry(token) ?? now + FALLBACK_MS, issued: now };
}

/** A stored session, or null when there is none or it is unreadable. */
export function parseSession(raw: string | null): StoredSession | null {
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof s.token !== 'string' || typeof s.expires !== 'number') return null;
    return { token: s.token, expires: s.expires, issued: typeof s.issued === 'number' ? s.issued : undefined };
  } catch {
    return null;
  }
}

/** How long before expiry a token is renewed: 30 s, or a quarter of a shorter lifetime. */
export function margin(s: StoredSession): number {
  const lifetime = s.issued === undefined ? Infinity : s.expires - s.issued;
  return Math.max(0, Math.min(30_000, lifetime / 4));
}

/** The token of a stored session still valid at `now` (with its margin), else null. */
export function validToken(raw: string | null, now: number): string | null {
  const s = parseSession(raw);
  return s && s.expires - margin(s) > now ? s.token : null;
}

/** Milliseconds until the stored session should be refreshed (0: now), or null without one. */
export function refreshIn(raw: string | null, now: number): number | null {
  const s = parseSession(raw);
  return s ? Math.max(0, s.expires - margin(s) - now) : null;
}

/** A JWT's subject (who signed in), or null. */
export function subjectOf(token: string): string | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(
      part
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(part.length / 4) * 4, '='),
    );
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    return typeof sub === 'string' ? sub : null;
  } catch {
    return null;
  }
}
