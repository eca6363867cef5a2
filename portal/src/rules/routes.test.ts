import { describe, expect, it } from 'vitest';
import { HASH_ROUTES, type HashScreen, hashOf, pathOf, route } from './routes';

describe('router', () => {
  it('opens the emailed links on their paths with the token from the hash', () => {
    expect(route('/activate', '#token=abc')).toEqual({ screen: 'activate', params: {}, token: 'abc' });
    expect(route('/register/confirm', '#token=x')).toMatchObject({ screen: 'register-confirm', token: 'x' });
    expect(route('/reset', '#token=y')).toMatchObject({ screen: 'reset-confirm', token: 'y' });
    expect(route('/verify-email', '#token=z')).toMatchObject({ screen: 'verify-email', token: 'z' });
  });
  it('matches hash screens, fixed segments first', () => {
    expect(route('/', '#/org/o1/users/new')).toEqual({ screen: 'user-new', params: { org: 'o1' } });
    expect(route('/', '#/org/o1/users/u9?tab=access')).toEqual({ screen: 'user', params: { org: 'o1', user: 'u9' } });
    expect(route('/', '#/nothing')).toEqual({ screen: 'home', params: {} });
  });
});

describe('links to screens', () => {
  it('fills the parameters and the query', () => {
    expect(hashOf('space')).toBe('#/space');
    expect(hashOf('home')).toBe('#/');
    expect(hashOf('users', { org: 'o1' })).toBe('#/org/o1/users');
    expect(pathOf('user', { org: 'o1', user: 'u9' }, { tab: 'access', created: '1' })).toBe(
      '/org/o1/users/u9?tab=access&created=1',
    );
    expect(hashOf('hours', { org: 'o1' }, { week: '2027-04-05' })).toBe('#/org/o1/space/hours?week=2027-04-05');
    expect(hashOf('audit', { org: 'o1' }, new URLSearchParams())).toBe('#/org/o1/audit');
  });
  it('leads every hash screen back to itself', () => {
    const params = { org: 'o1', user: 'u9', rep: 'r2' };
    for (const [screen, pattern] of Object.entries(HASH_ROUTES) as [HashScreen, string][]) {
      const want = Object.fromEntries(Object.entries(params).filter(([k]) => pattern.includes(`:${k}`)));
      // Links are typed per screen; across every screen, hand each all the parameters.
      const hash = (hashOf as (s: HashScreen, p: Record<string, string>) => string)(screen, params);
      expect(route('/', hash), screen).toEqual({ screen, params: want });
    }
  });
});
