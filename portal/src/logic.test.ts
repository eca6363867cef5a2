import { describe, expect, it, vi } from 'vitest';
import { ApiProblem, call, idempotencyKey, makeApi } from './api/client';
import { formatHours, parseAdjustment, parseTime } from './hours';
import { dictionaries, initialLocale, locale, setLocale, t } from './i18n';
import { candidates, mapProblem } from './problems';
import { route } from './router';
import { daysBetween, scheduleInput, shiftDays, shiftMinutes } from './schedule';

describe('i18n', () => {
  it('is French by default and English on request', () => {
    expect(initialLocale(null)).toBe('fr');
    expect(initialLocale({ getItem: () => 'en' })).toBe('en');
    expect(initialLocale({ getItem: () => 'de' })).toBe('fr');
    setLocale('fr');
    expect(t('signin.submit')).toBe('Se connecter');
    setLocale('en');
    expect(locale()).toBe('en');
    expect(t('signin.submit')).toBe('Sign in');
    setLocale('fr');
  });
  it('fills placeholders', () => {
    setLocale('fr');
    expect(t('common.total', { n: 6 })).toBe('Nombre total : 6');
  });
  it('has every key translated, with the same placeholders', () => {
    for (const key of Object.keys(dictionaries.fr) as (keyof typeof dictionaries.fr)[]) {
      expect(dictionaries.en[key], key).toBeTruthy();
      const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join();
      expect(ph(dictionaries.en[key]), key).toBe(ph(dictionaries.fr[key]));
    }
  });
});

describe('adjustments as the seed writes them', () => {
  it.each([
    ['-1,00', -60],
    ['1,00', 60],
    ['-1.00', -60],
    ['+0,25', 15],
    ['0,5', 30],
    ['2', 120],
    [' -0,75 ', -45],
  ])('%s → %i minutes', (raw, minutes) => expect(parseAdjustment(raw)).toBe(minutes));
  it.each(['', 'abc', '1h', '0,01', '-1,005', '1,2,3', '25,00', '--1'])('refuses %j', (raw) =>
    expect(parseAdjustment(raw)).toBeNull(),
  );
  it('formats minutes back', () => {
    expect(formatHours(-60)).toBe('-1,00');
    expect(formatHours(435)).toBe('7,25');
    expect(formatHours(15, true)).toBe('+0,25');
    expect(parseTime('07:30')).toBe(450);
    expect(parseTime('24:00')).toBeNull();
  });
});

describe('schedule ("Horaire")', () => {
  it('makes one shift per day of the range, days left out', () => {
    expect(daysBetween('2027-02-27', '2027-03-02')).toEqual(['2027-02-27', '2027-02-28', '2027-03-01', '2027-03-02']);
    expect(daysBetween('2027-03-02', '2027-03-01')).toEqual([]);
    expect(daysBetween('2027-02-30', '2027-03-01')).toEqual([]);
    expect(shiftDays({ start_date: '2027-03-01', end_date: '2027-03-03', skipped_days: ['2027-03-02'] })).toEqual([
      '2027-03-01',
      '2027-03-03',
    ]);
  });
  it('counts worked minutes and builds the API body', () => {
    expect(shiftMinutes({ start_time: '07:30', end_time: '16:00', unpaid_break_minutes: '30' })).toBe(480);
    expect(shiftMinutes({ start_time: '16:00', end_time: '07:30', unpaid_break_minutes: '0' })).toBeNull();
    expect(
      scheduleInput({
        start_date: '2027-03-01',
        end_date: '2027-03-03',
        start_time: '07:30',
        end_time: '16:00',
        unpaid_break_minutes: '',
        skipped_days: ['2027-03-09', '2027-03-02'],
      }),
    ).toEqual({
      start_date: '2027-03-01',
      end_date: '2027-03-03',
      start_time: '07:30',
      end_time: '16:00',
      unpaid_break_minutes: 0,
      skipped_days: ['2027-03-02'],
    });
  });
});

describe('problem → field errors', () => {
  const problem = {
    type: 'urn:sesame:problem:invalid-input',
    title: 'Champs invalides',
    status: 422,
    detail: 'Des champs sont invalides.',
    errors: [
      { field: 'email', code: 'invalid', message: 'Adresse courriel invalide.' },
      { field: 'establishments[0].permissions[1]', code: 'unknown', message: 'Habilitation inconnue.' },
      { field: 'modifications[0].note', code: 'required', message: 'Note obligatoire.' },
      { field: 'nowhere', code: 'x', message: 'Autre.' },
    ],
  };
  it('walks up a JSON path to the nearest field', () => {
    expect(candidates('establishments[0].permissions[1]')).toEqual([
      'establishments[0].permissions[1]',
      'establishments[0].permissions',
      'establishments[0]',
      'establishments',
    ]);
  });
  it('places each message next to its field, the rest at the top, with aliases', () => {
    const fields = new Set(['email', 'establishments[0]', 'modifications[3].note']);
    const m = mapProblem(problem, (n) => fields.has(n), { 'modifications[0].note': 'modifications[3].note' });
    expect(m.fields.get('email')).toEqual(['Adresse courriel invalide.']);
    expect(m.fields.get('establishments[0]')).toEqual(['Habilitation inconnue.']);
    expect(m.fields.get('modifications[3].note')).toEqual(['Note obligatoire.']);
    expect(m.general).toEqual(['Autre.']);
  });
  it('gives the detail when there is no field', () => {
    expect(mapProblem({ ...problem, errors: null }, () => true).general).toEqual(['Des champs sont invalides.']);
  });
});

describe('router', () => {
  it('opens the emailed links on their paths with the token from the hash', () => {
    expect(route('/activate', '#token=abc')).toEqual({ screen: 'activate', params: {}, token: 'abc' });
    expect(route('/register/confirm', '#token=x')).toMatchObject({ screen: 'register-confirm', token: 'x' });
    expect(route('/reset', '#token=y')).toMatchObject({ screen: 'reset-confirm', token: 'y' });
  });
  it('matches hash screens, fixed segments first', () => {
    expect(route('/', '#/org/o1/users/new')).toEqual({ screen: 'user-new', params: { org: 'o1' } });
    expect(route('/', '#/org/o1/users/u9?tab=access')).toEqual({ screen: 'user', params: { org: 'o1', user: 'u9' } });
    expect(route('/', '#/nothing')).toEqual({ screen: 'home', params: {} });
  });
});

describe('API client wrapper', () => {
  /** The ApiProblem a call rejects with (the test fails on anything else). */
  async function problemOf(pending: Promise<unknown>): Promise<ApiProblem> {
    const error: unknown = await pending.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiProblem);
    return error as ApiProblem;
  }
  it('sends the token, the language and the Idempotency-Key, and turns problems into ApiProblem', async () => {
    const seen: Request[] = [];
    const fetchMock = vi.fn((input: Request) => {
      seen.push(input);
      return Promise.resolve(
        new Response(
          JSON.stringify({
            type: 'urn:sesame:problem:invalid-input',
            title: 'Champs invalides',
            status: 422,
            detail: 'd',
            errors: [],
          }),
          { status: 422, headers: { 'content-type': 'application/problem+json' } },
        ),
      );
    });
    const api = makeApi({
      baseUrl: 'http://x',
      token: () => 'tok',
      locale: () => 'fr',
      fetch: fetchMock as unknown as typeof fetch,
    });
    const key = idempotencyKey();
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const error = await problemOf(
      call(api.POST('/access-requests', { body: { email: 'a@b.c' }, headers: { 'Idempotency-Key': key } })),
    );
    expect(error.status).toBe(422);
    expect(error.slug).toBe('invalid-input');
    expect(seen[0].headers.get('authorization')).toBe('Bearer tok');
    expect(seen[0].headers.get('accept-language')).toBe('fr');
    expect(seen[0].headers.get('idempotency-key')).toBe(key);
  });
  it('gives every other POST a fresh key, but never sign-in', async () => {
    const seen: Request[] = [];
    const fetchMock = vi.fn((input: Request) => {
      seen.push(input);
      return Promise.resolve(new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } }));
    });
    const api = makeApi({
      baseUrl: 'http://x',
      token: () => 'tok',
      locale: () => 'fr',
      fetch: fetchMock as unknown as typeof fetch,
    });
    await call(api.POST('/orgs/{org_id}/users/{user_id}/disable', { params: { path: { org_id: 'o', user_id: 'u' } } }));
    await call(api.POST('/orgs/{org_id}/users/{user_id}/disable', { params: { path: { org_id: 'o', user_id: 'u' } } }));
    await call(api.POST('/sessions', { body: { email: 'a@b.c', password: 'p' } }));
    await call(api.GET('/me'));
    const keys = seen.map((r) => r.headers.get('idempotency-key'));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[0]).not.toBe(keys[1]);
    expect(keys[2]).toBeNull();
    expect(keys[3]).toBeNull();
  });
  it('turns a network failure into a problem with status 0', async () => {
    const api = makeApi({
      baseUrl: 'http://x',
      token: () => null,
      locale: () => 'en',
      fetch: () => Promise.reject(new TypeError('down')),
    });
    const error = await problemOf(call(api.GET('/me'), () => 'offline'));
    expect(error.status).toBe(0);
    expect(error.message).toBe('offline');
  });
});
