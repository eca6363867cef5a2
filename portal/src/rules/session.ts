// The session kept in localStorage (so a link opened in a new tab stays
// signed in): the access token with its expiry, read from the token's own
// `exp` claim (decoded, not verified: the API verifies every request). A
// stored session past its expiry, or unreadable, counts as none. No DOM here
// (Vitest covers it).

export interface StoredSession {
  token: string;
  /** Milliseconds since the epoch. */
  expires: number;
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
  return { token, expires: tokenExpiry(token) ?? now + FALLBACK_MS };
}

/** The token of a stored session still valid at `now` (a 30 s margin), else null. */
export function validToken(raw: string | null, now: number): string | null {
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof s.token !== 'string' || typeof s.expires !== 'number') return null;
    return s.expires - 30_000 > now ? s.token : null;
  } catch {
    return null;
  }
}
