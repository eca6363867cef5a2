import { describe, expect, it } from 'vitest';
import { FALLBACK_MS, sessionOf, tokenExpiry, validToken } from './session';

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
    expect(sessionOf('opaque', 1000)).toEqual({ token: 'opaque', expires: 1000 + FALLBACK_MS });
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
});
