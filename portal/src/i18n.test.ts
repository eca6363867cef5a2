import { describe, expect, it } from 'vitest';
import {
  dictionaries,
  formatDateTime,
  formatHour,
  formatTimeSpan,
  initialLocale,
  locale,
  setLocale,
  showTimesIn,
  t,
} from './i18n';

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

describe('formatDateTime', () => {
  it('shows a time in the time zone asked for', () => {
    setLocale('fr');
    // 04:58 UTC on 2 December is 23:58 on 1 December in Montréal.
    const montreal = formatDateTime('2026-12-02T04:58:00Z', 'America/Toronto');
    expect(montreal).toContain('1 déc. 2026');
    expect(montreal).toContain('23 h 58');
  });
  it("shows times on the organisation's clock by default, naming its zone when the device is elsewhere", () => {
    setLocale('fr');
    showTimesIn(() => 'America/Toronto');
    try {
      const shown = formatDateTime('2026-12-02T04:58:00Z');
      expect(shown).toContain('1 déc. 2026');
      expect(shown).toContain('23 h 58');
      const device = new Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (device !== 'America/Toronto') expect(shown).toMatch(/\((HNE|UTC−5)\)$/);
      const elsewhere = device === 'Asia/Tokyo' ? 'Europe/Paris' : 'Asia/Tokyo';
      expect(formatDateTime('2026-12-02T04:58:00Z', elsewhere)).toMatch(/\(.+\)$/);
    } finally {
      showTimesIn(() => undefined);
    }
  });
});

describe('hours of the day', () => {
  it('are written the Quebec way in French, as given in English', () => {
    setLocale('fr');
    expect(formatHour('16:00')).toBe('16 h');
    expect(formatHour('07:30')).toBe('7 h 30');
    expect(formatTimeSpan('07:30', '16:00')).toBe('7 h 30 à 16 h');
    setLocale('en');
    expect(formatHour('16:00')).toBe('16:00');
    expect(formatTimeSpan('07:30', '16:00')).toBe('07:30–16:00');
    setLocale('fr');
  });
});
