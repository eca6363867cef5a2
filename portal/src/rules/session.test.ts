import { describe, expect, it } from 'vitest';
import { FALLBACK_MS, refreshIn, sessionOf, subjectOf, tokenExpiry, validToken } from './session';

const b64url = (o: object) => btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const jwt = (claims: object) => `${b64url({ alg: 'RS256' })}.${b64url(claims)}.sig`;

describe('the stored session', () => {
  it('reads the expiry from the token’s exp claim', () => {
    expect(tokenExpiry(jwt({ exp: 1_900_000_000, sub: 'é?>' }))).toBe(1_900_000_000_000);
    expect(tokenExpiry('not-a-jwt')).toBeNull();
    expect(tokenExpiry('a.%%%.c')).toBeNull();
    expect(tokenExpiry(jwt({ sub: 'x' }))).toBeNull();
  });
  it('gives a token without exp an hour', () => {
    expect(sessionOf('opaque', 1000)).toEqual({ token: 'opaque', expires: 1000 + FALLBACK_MS, issued: 1000 });
  });
  it('answers the token until shortly before it expires, then none', () => {
    const raw = JSON.stringify(sessionOf(jwt({ exp: 2000 }), 0));
    expect(validToken(raw, 1_000_000)).not.toBeNull();
    expect(validToken(raw, 1_990_000)).toBeNull();
    expect(validToken(raw, 3_000_000)).toBeNull();
  });
  it('takes an unreadable or foreign value for no session', () => {
    expect(validToken(null, 0)).toBeNull();
    expect(validToken('eyJ-raw-token', 0)).toBeNull();
    expect(validToken(JSON.stringify({ token: 1, expires: 'x' }), 0)).toBeNull();
  });
  it('renews a token 30 s before it expires, or a quarter of a short lifetime before', () => {
    // A 15-minute token received at 0: renewed at 14 min 30 s.
    const long = JSON.stringify(sessionOf(jwt({ exp: 900 }), 0));
    expect(refreshIn(long, 0)).toBe(870_000);
    expect(validToken(long, 869_000)).not.toBeNull();
    expect(validToken(long, 871_000)).toBeNull();
    // A 20-second token (shortened locally): renewed 5 s before its end.
    const short = JSON.stringify(sessionOf(jwt({ exp: 1020 }), 1_000_000));
    expect(refreshIn(short, 1_000_000)).toBe(15_000);
    expect(validToken(short, 1_014_000)).not.toBeNull();
    // Past its time: at once; and none without a stored session.
    expect(refreshIn(short, 2_000_000)).toBe(0);
    expect(refreshIn(null, 0)).toBeNull();
  });
  it('reads who a token belongs to', () => {
    expect(subjectOf(jwt({ sub: 'abc' }))).toBe('abc');
    expect(subjectOf('opaque')).toBeNull();
  });
});
